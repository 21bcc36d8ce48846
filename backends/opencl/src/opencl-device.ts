/**
 * One opened OpenCL device: its context and in-order queue, its programs (built once per
 * device, through the binary cache) and kernels, and its pooled memory.
 */
import type {
  OpenClBinding,
  OpenClContextHandle,
  OpenClDeviceDescription,
  OpenClKernel,
  OpenClProgram,
} from '@knhk/native';
import { BufferPool } from './buffer-pool.js';
import { deviceId } from './opencl-detection.js';
import { divisionDefine } from './kernels/vector-kernels.js';
import type { KernelSource } from './kernels/kernel-source.js';
import type { ProgramCache } from './program-cache.js';

/** Free blocks the pool keeps for reuse, at most. */
const POOL_KEEP_BYTES = 256 * 2 ** 20;

/** The build options of every program on a device. */
export function buildOptions(device: OpenClDeviceDescription): string {
  const divide = device.correctlyRoundedDivide ? '-cl-fp32-correctly-rounded-divide-sqrt' : '';
  return ['-cl-std=CL1.2', divide, divisionDefine(device) ?? ''].filter((o) => o !== '').join(' ');
}

/** An opened device. */
export class OpenClDevice {
  /** `opencl:<platform>:<device>`. */
  readonly id: string;
  readonly context: OpenClContextHandle;
  readonly pool: BufferPool;
  private readonly programs = new Map<string, OpenClProgram | Error>();
  private readonly kernels = new Map<string, OpenClKernel>();
  private readonly options: string;

  constructor(
    binding: OpenClBinding,
    library: string,
    readonly description: OpenClDeviceDescription,
    private readonly cache: ProgramCache,
    budgetBytes: number | undefined,
  ) {
    this.id = deviceId(description);
    this.context = new binding.Context(library, description.platformIndex, description.deviceIndex);
    this.options = buildOptions(description);
    this.pool = new BufferPool(this.context, {
      budgetBytes: budgetBytes ?? description.globalMemBytes,
      maxAllocBytes: description.maxAllocBytes,
      keepBytes: POOL_KEEP_BYTES,
    });
  }

  /** The kernel `name` of `program`, building the program on first use. */
  kernel(program: KernelSource, name: string): OpenClKernel {
    const key = `${program.name}/${name}`;
    let kernel = this.kernels.get(key);
    if (kernel === undefined) {
      kernel = this.context.kernel(this.program(program), name);
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  /** Builds (or loads from the cache) a program now; a build that failed throws its error again without rebuilding. */
  program(program: KernelSource): OpenClProgram {
    let built = this.programs.get(program.name);
    if (built === undefined) {
      try {
        built = this.cache.load(this.context, this.description, program, this.options);
      } catch (error) {
        this.programs.set(program.name, error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
      this.programs.set(program.name, built);
    }
    if (built instanceof Error) throw built;
    return built;
  }

  /** Waits for queued work, then releases the pool, the queue and the context. */
  release(): void {
    this.context.finishSync();
    this.pool.drain();
    this.context.release();
  }
}
