// Where the spliced program lives; patched in place by src/regowasm/splice.ts.
// "RGVMSLOT" + u32 address + u32 length; 0xFFFFFFFF = no program spliced in.
// @ts-ignore: decorator
export const PROGRAM_SLOT: usize = memory.data<u8>([
  0x52, 0x47, 0x56, 0x4d, 0x53, 0x4c, 0x4f, 0x54,
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
], 16);
