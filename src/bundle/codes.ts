/**
 * Build problem codes (`rolec build`): a target's own check failed on input the front end
 * accepted — always a compiler bug, reported at the DSL rule it came from. Stable: a
 * code keeps its meaning once published.
 */
export const BUILD_CODES: Record<string, string> = {
  B0001: 'generated Cedar fails strict validation against the generated schema (compiler bug)',
  B0002: 'Rego bundle does not build (Rego → policy.wasm compilation failed; compiler bug)',
};
