export {
  UqkitError,
  InvalidArgumentError,
  ShapeError,
  NonFiniteOutputError,
  SequenceExhaustedError,
  OutOfMemoryError,
  KernelError,
  LoadError,
} from './core/errors.js';
export type { UqkitErrorDetails } from './core/errors.js';
