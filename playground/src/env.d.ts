/// <reference types="vite/client" />
declare module 'virtual:rolec-prebuilt' {
  const sets: { key: string; files: Record<string, string> }[];
  export default sets;
}
