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
  StoreDamagedError,
  RunStateError,
  UnsafePathError,
  ResourceLimitError,
  NotInitializedError,
} from './core/errors.js';
export type { UqkitErrorDetails } from './core/errors.js';
