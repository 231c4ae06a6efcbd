// Run directories, encoders ($-templates, Jinja templates, JSON/YAML parameters, copy, file resources, directory trees), decoders
// (CSV, JSON, YAML, HDF5, results.json, user functions) and the in-run helper.
export { runDirectory, runPath, RUNS_PER_FOLDER } from './run-dir.js';
export { encoder, ENCODER_KINDS } from './encoder.js';
export type { EncoderSpec, EncoderOptions, TemplateEncoderSpec, ParamsFileEncoderSpec, CopyEncoderSpec, ResourceEncoderSpec, JinjaEncoderSpec, DirectoriesEncoderSpec } from './encoder.js';
export { decoder, loadDecoder, checkDecoder, DECODER_KINDS } from './decoder.js';
export type { DecoderSpec, SyncDecoderSpec, DecoderOptions, CsvDecoderSpec, JsonDecoderSpec, ResultsDecoderSpec, FunctionDecoderSpec, YamlDecoderSpec, Hdf5DecoderSpec } from './decoder.js';
export { parseTemplate, renderTemplate, formatValue } from './template.js';
export type { ParsedTemplate, Placeholder } from './template.js';
export { parseCsv, parseNumber } from './csv.js';
export type { CsvRow } from './csv.js';
export { parseJsonPath, followJsonPath, formatJsonPath } from './json-path.js';
export type { JsonPath } from './json-path.js';
export { sharedCopyPath, RESOURCE_MODES } from './resource.js';
export type { ResourceMode } from './resource.js';
export { getRunParams, postRunResults, currentRunDir, RESULTS_FILE, PARAMS_FILE } from './run-helper.js';
export type { RunHelperOptions, RunValue } from './run-helper.js';
export { RESULT_NAME } from './run-helper.js';
export type { PostRunResultsOptions } from './run-helper.js';
export { MissingFileError, FileFormatError } from './errors.js';
export type { FileLocation } from './errors.js';
export type { EncodeFn, DecodeFn, RunRef } from './types.js';
