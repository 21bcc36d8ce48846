/** The knhk command, usable programmatically: `main(['detect', '--json'], output)`. */
export { main, COMMANDS } from './main.js';
export type { Command, CommandInput, Output } from './command.js';
export { scaffoldPlugin, defaultSdkSpec, type ScaffoldOptions } from './scaffold.js';
