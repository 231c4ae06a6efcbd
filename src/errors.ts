export {
  UqkitError,
  InvalidArgumentError,
  ShapeError,
  NonFiniteOutputError,
  SequenceExhaustedError,
  OutOfMemoryError,
  KernelError,
  LoadError,
  InvalidParameterError,
  StoreError,
  StoreVersionError,
  RunStateError,
  NotInitializedError,
} from './core/errors.js';
export type { UqkitErrorDetails } from './core/errors.js';
