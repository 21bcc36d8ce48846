/**
 * Starting the cpu backend the way the framework does, for the tests.
 */
import { PluginInstance } from '@knhk/core';
import { expect } from 'chai';
import { cpuBackend } from '../src/index.js';

/** A started, ready instance of the cpu backend. */
export async function startCpu(): Promise<PluginInstance> {
  const instance = await PluginInstance.start(cpuBackend);
  expect(instance.status, instance.reason).to.equal('ready');
  return instance;
}
