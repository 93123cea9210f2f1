// Evaluation errors and AssemblyScript's own aborts go to the host's env.opa_abort,
// which (in the OPA SDK) throws. The message is passed as a NUL-terminated UTF-8 string.
@external("env", "opa_abort")
declare function opa_abort(addr: usize): void;

export function vmAbort(message: string): void {
  let buf = String.UTF8.encode(message, true);
  opa_abort(changetype<usize>(buf));
  unreachable();
}

/** Replacement for AS's `abort` (wired with --use abort=…). */
export function asAbort(message: string | null, file: string | null, line: u32, column: u32): void {
  vmAbort(message !== null ? "rego vm: " + message! : "rego vm: internal error");
}
