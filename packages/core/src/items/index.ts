export { ItemLoader, type ItemLoaderOptions, type FieldProcessors, type FieldProcessorMap } from './itemLoader.js';
export { TakeFirst, Identity, Join, MapCompose, Compose, type ComposeOptions, type Processor, type ProcessorObject, type ProcessorFunction } from './processors.js';
