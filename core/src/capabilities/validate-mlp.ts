/**
 * Argument checks of the `mlp` capability shared by every provider: specifications,
 * parameter sets, batch sizes, labels and learning rates, so that bad input gets the same
 * coded error whichever backend trains the model.
 */
import { KnhkError } from '../errors/knhk-error.js';
import type { Activation, MlpParameters, MlpSpec, TrainStepOptions } from './mlp.js';
import { checkUint32Array, typeName, valueName } from './validate.js';

/** Most weights and biases a model may have in all (512 MiB of float32). */
export const MAX_PARAMETERS = 1 << 27;

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid'];

/** A spec's layers, activation and seed, checked, with the defaults filled in. */
export interface CheckedSpec {
  readonly layers: readonly number[];
  readonly activation: Activation;
  readonly seed: number;
}

function checkLayers(op: string, layers: unknown): readonly number[] {
  if (!Array.isArray(layers)) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: layers must be an array of layer sizes, got ${typeName(layers)}`, {
      op,
    });
  }
  const sizes = Array.from({ length: layers.length }, (_, i): unknown => layers[i]);
  if (sizes.length < 2 || !sizes.every((s) => typeof s === 'number' && Number.isSafeInteger(s) && s > 0)) {
    throw new KnhkError(
      'KNHK_E_ARG_SHAPE',
      `${op}: layers must be at least 2 positive integers [inputs, hidden..., outputs], got [${sizes.slice(0, 8).map(valueName).join(', ')}${sizes.length > 8 ? ', ...' : ''}]`,
      { op },
    );
  }
  const checked = sizes as number[];
  let parameters = 0;
  for (let l = 0; l + 1 < checked.length; l++) parameters += checked[l] * checked[l + 1] + checked[l + 1];
  if (parameters > MAX_PARAMETERS) {
    throw new KnhkError(
      'KNHK_E_ARG_RANGE',
      `${op}: the model would have ${parameters} parameters, at most ${MAX_PARAMETERS} are allowed`,
      {
        op,
        parameters,
      },
    );
  }
  return Object.freeze([...checked]);
}

/** Checks a spec: layers (`KNHK_E_ARG_SHAPE`), activation and seed (`KNHK_E_ARG_INVALID`). */
export function checkSpec(op: string, spec: unknown): CheckedSpec {
  if (typeof spec !== 'object' || spec === null) {
    throw new KnhkError(
      'KNHK_E_ARG_TYPE',
      `${op}: spec must be { layers, activation?, seed? }, got ${typeName(spec)}`,
      { op },
    );
  }
  const { layers, activation = 'relu', seed = 1 } = spec as MlpSpec;
  const checkedLayers = checkLayers(op, layers);
  if (!ACTIVATIONS.includes(activation)) {
    throw new KnhkError(
      'KNHK_E_ARG_INVALID',
      `${op}: activation must be one of ${ACTIVATIONS.join(', ')}, got ${valueName(activation)}`,
      { op },
    );
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new KnhkError('KNHK_E_ARG_INVALID', `${op}: seed must be a safe integer, got ${valueName(seed)}`, { op });
  }
  return { layers: checkedLayers, activation, seed };
}

function checkArrays(op: string, name: string, arrays: unknown, sizes: readonly number[]): readonly Float32Array[] {
  if (!Array.isArray(arrays)) {
    throw new KnhkError(
      'KNHK_E_ARG_TYPE',
      `${op}: parameters.${name} must be an array of Float32Array, got ${typeName(arrays)}`,
      {
        op,
      },
    );
  }
  if (arrays.length !== sizes.length) {
    throw new KnhkError(
      'KNHK_E_ARG_SHAPE',
      `${op}: parameters.${name} has ${arrays.length} arrays, the model has ${sizes.length} layers`,
      {
        op,
      },
    );
  }
  return sizes.map((size, l) => {
    const array: unknown = arrays[l];
    if (!(array instanceof Float32Array)) {
      throw new KnhkError(
        'KNHK_E_ARG_TYPE',
        `${op}: parameters.${name}[${l}] must be a Float32Array, got ${typeName(array)}`,
        { op },
      );
    }
    if (array.length !== size) {
      throw new KnhkError(
        'KNHK_E_ARG_SHAPE',
        `${op}: parameters.${name}[${l}] has ${array.length} elements, ${size} are needed`,
        {
          op,
          layer: l,
        },
      );
    }
    return array;
  });
}

/** Checks a parameter set against a model's layers (`KNHK_E_ARG_TYPE`, `KNHK_E_ARG_SHAPE`). */
export function checkParameters(op: string, layers: readonly number[], parameters: unknown): MlpParameters {
  if (typeof parameters !== 'object' || parameters === null) {
    throw new KnhkError(
      'KNHK_E_ARG_TYPE',
      `${op}: parameters must be { weights, biases }, got ${typeName(parameters)}`,
      { op },
    );
  }
  const { weights, biases } = parameters as MlpParameters;
  const weightSizes = layers.slice(1).map((units, l) => layers[l] * units);
  return {
    weights: checkArrays(op, 'weights', weights, weightSizes),
    biases: checkArrays(op, 'biases', biases, layers.slice(1)),
  };
}

/** A positive integer batch size, else `KNHK_E_ARG_RANGE`. */
export function checkBatch(op: string, batch: unknown): number {
  if (typeof batch !== 'number' || !Number.isSafeInteger(batch) || batch < 1) {
    throw new KnhkError('KNHK_E_ARG_RANGE', `${op}: batch must be a positive integer, got ${valueName(batch)}`, { op });
  }
  return batch;
}

/** One label per row, each below `classes` (`KNHK_E_ARG_TYPE`, `KNHK_E_ARG_LENGTH`, `KNHK_E_ARG_RANGE`). */
export function checkLabels(op: string, labels: unknown, batch: number, classes: number): Uint32Array {
  const checked = checkUint32Array(op, 'labels', labels);
  if (checked.length !== batch) {
    throw new KnhkError('KNHK_E_ARG_LENGTH', `${op}: labels has ${checked.length} elements, batch is ${batch}`, { op });
  }
  const bad = checked.findIndex((label) => label >= classes);
  if (bad >= 0) {
    throw new KnhkError(
      'KNHK_E_ARG_RANGE',
      `${op}: labels[${bad}] is ${checked[bad]}, classes are 0 to ${classes - 1}`,
      { op, index: bad },
    );
  }
  return checked;
}

/** The learning rate of `{ learningRate }`: positive and finite, else `KNHK_E_ARG_INVALID`. */
export function checkLearningRate(op: string, options: unknown): number {
  if (typeof options !== 'object' || options === null) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: options must be { learningRate }, got ${typeName(options)}`, { op });
  }
  const rate = (options as TrainStepOptions).learningRate;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    throw new KnhkError(
      'KNHK_E_ARG_INVALID',
      `${op}: learningRate must be a positive finite number, got ${valueName(rate)}`,
      { op },
    );
  }
  return rate;
}
