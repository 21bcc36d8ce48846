/**
 * The on-disk cache of program binaries. A program is keyed by the device (platform, name,
 * version, driver), the build options and the source, hashed with SHA-256, so a driver update
 * or a changed kernel never reuses a stale binary. A binary the device rejects is deleted and
 * the program is built from source again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isKnhkError } from '@knhk/core';
import type { OpenClContextHandle, OpenClDeviceDescription, OpenClProgram } from '@knhk/native';
import type { KernelSource } from './kernels/kernel-source.js';

/** The cache key of a program built for a device with options. */
export function programKey(device: OpenClDeviceDescription, options: string, source: string): string {
  const identity = [device.platformName, device.platformVersion, device.name, device.version, device.driverVersion];
  return createHash('sha256')
    .update(JSON.stringify([...identity, options, source]))
    .digest('hex');
}

/** Where binaries live; `false` builds every program from source. */
export class ProgramCache {
  /** Programs built from source (not loaded from the cache) by this process, for tests and reports. */
  static builtFromSource = 0;

  constructor(private readonly dir: string | false) {}

  /** The file of a key, or undefined without a cache. */
  file(key: string): string | undefined {
    return this.dir === false ? undefined : path.join(this.dir, `${key}.bin`);
  }

  /** The program, from the cache when its binary is there and loads, else built from source (and stored). */
  load(
    context: OpenClContextHandle,
    device: OpenClDeviceDescription,
    program: KernelSource,
    options: string,
  ): OpenClProgram {
    const file = this.file(programKey(device, options, program.source));
    const cached = file === undefined ? undefined : this.read(file);
    if (cached !== undefined && file !== undefined) {
      try {
        return context.programFromBinary(cached, options);
      } catch (error) {
        if (!isKnhkError(error, 'KNHK_E_OPENCL_BUILD')) throw error;
        rmSync(file, { force: true });
      }
    }
    const built = context.buildProgram(program.source, options);
    ProgramCache.builtFromSource++;
    if (file !== undefined) this.store(file, context.programBinary(built));
    return built;
  }

  private read(file: string): Uint8Array | undefined {
    try {
      return readFileSync(file);
    } catch {
      return undefined; // not cached yet
    }
  }

  /** Writes atomically (a temporary file renamed), so a concurrent reader never sees half a binary. */
  private store(file: string, binary: Uint8Array): void {
    if (binary.length === 0) return;
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(temporary, binary);
      renameSync(temporary, file);
    } catch {
      rmSync(temporary, { force: true }); // an unwritable cache only costs the next build
    }
  }
}
