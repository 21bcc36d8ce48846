/**
 * `knhk`, the package an application installs: the programmatic API of `@knhk/core`
 * (`createFramework`, the capability types, `KnhkError`, ...), with the cpu, avx2, avx512,
 * neon, opencl and cuda backends as dependencies, so that `createFramework()` finds them in
 * `node_modules`; and the knhk command, usable programmatically: `main(['detect', '--json'], output)`.
 *
 * @example
 * import { createFramework } from 'knhk';
 * const knhk = await createFramework();
 */
export * from '@knhk/core';
export { main, COMMANDS } from './main.js';
export type { Command, CommandInput, Output } from './command.js';
export { scaffoldPlugin, defaultSdkSpec, type ScaffoldOptions } from './scaffold.js';
