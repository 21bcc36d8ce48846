/** OpenCL C source of one program: its name (for the caches and messages) and its text. */
export interface KernelSource {
  /** Program name, e.g. `vector`; one program per capability. */
  readonly name: string;
  /** OpenCL C 1.2 source. */
  readonly source: string;
}
