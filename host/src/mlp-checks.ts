/**
 * The checks every MLP provider runs on a model handle and a batch of inputs, with the same
 * coded errors everywhere: the host trainer ({@link MlpTraining}) and the opencl backend's
 * device trainer use them. Pure: they read their arguments only.
 */
import { KnhkError, type MlpModel, checkBatch, checkFloat32Array, isHandle, typeName } from '@knhk/core';

/**
 * `x` as the inputs of `batch` rows of `layers[0]` values: `KNHK_E_ARG_TYPE` for anything but
 * a Float32Array, `KNHK_E_ARG_RANGE` for a bad batch, `KNHK_E_ARG_LENGTH` for a wrong length.
 */
export function checkMlpInputs(op: string, layers: readonly number[], x: unknown, batch: unknown): Float32Array {
  const inputs = checkFloat32Array(op, 'x', x);
  const rows = checkBatch(op, batch);
  const expected = rows * layers[0];
  if (inputs.length !== expected) {
    throw new KnhkError(
      'KNHK_E_ARG_LENGTH',
      `${op}: x has ${inputs.length} elements, batch ${rows} x ${layers[0]} inputs needs ${expected}`,
      { op, length: inputs.length, expected },
    );
  }
  return inputs;
}

/**
 * `model` as a model of this provider instance (`isOwn` says whether the instance created it):
 * `KNHK_E_ARG_TYPE` for a value that is no model handle, `KNHK_E_BUFFER_FOREIGN` for a model
 * of another provider or of another instance.
 */
export function checkOwnedModel<M extends MlpModel>(
  op: string,
  model: unknown,
  provider: string,
  isOwn: (value: unknown) => value is M,
): M {
  if (!isHandle(model)) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: model must be a model from createModel(), got ${typeName(model)}`, {
      op,
    });
  }
  if (model.provider !== provider) {
    throw new KnhkError('KNHK_E_BUFFER_FOREIGN', `${op}: the model belongs to provider "${model.provider}"`, { op });
  }
  if (model.kind !== 'mlp-model') {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: model must be an mlp model, got a ${model.kind} handle`, { op });
  }
  if (!isOwn(model)) {
    throw new KnhkError('KNHK_E_BUFFER_FOREIGN', `${op}: the model was created by another plugin instance`, { op });
  }
  return model;
}
