export {
  ItemLoader,
  type ItemLoaderOptions,
  type FieldProcessors,
  type FieldProcessorMap,
  type LoaderCallOptions,
  type ProcessorsAndOptions,
} from './itemLoader.js';
export {
  TakeFirst,
  Identity,
  Join,
  MapCompose,
  Compose,
  type ComposeOptions,
  type LoaderContext,
  type Processor,
  type ProcessorObject,
  type ProcessorFunction,
} from './processors.js';
