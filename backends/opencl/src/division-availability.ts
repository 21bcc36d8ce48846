/**
 * Whether the opencl backend registers `vector.div`: only when every opened device divides
 * correctly rounded, in float (-cl-fp32-correctly-rounded-divide-sqrt) or in double
 * (cl_khr_fp64), see {@link divisionDefine}. Pure: it reads device descriptions only.
 */
import { divisionDefine } from './kernels/vector-kernels.js';

/** What a device description must say for the choice of division. */
export interface DivisionTraits {
  readonly name: string;
  readonly correctlyRoundedDivide: boolean;
  readonly extensions: string;
}

/**
 * `true` when every device can divide correctly rounded, else the reason, naming the devices
 * that cannot, for `explain()` ("does not register vector.div here: ...").
 */
export function divisionAvailability(devices: readonly DivisionTraits[]): true | string {
  const cannot = devices.filter((d) => divisionDefine(d) === undefined).map((d) => d.name);
  if (cannot.length === 0) return true;
  return `${cannot.join(', ')} ${cannot.length === 1 ? 'divides' : 'divide'} neither correctly rounded in float nor in double (no cl_khr_fp64), so another provider runs vector.div`;
}
