import { expect } from 'chai';

/** Awaits a promise that must reject with a coded error. */
export async function expectReject(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as { code?: string }).code).to.equal(code);
    return;
  }
  expect.fail(`expected ${code}`);
}
