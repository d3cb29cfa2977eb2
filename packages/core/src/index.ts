/** @arachne/core — the public API. */
export { Request, type RequestCookie, type RequestCookies, type RequestInit, type RequestData, type Callback, type Errback, type Failure, type SpiderOutput } from './http/request.js';
export { JsonRequest, type JsonRequestInit } from './http/jsonRequest.js';
export { FormRequest, type FormRequestInit, type FromResponseOptions, type FormData, type FormValue, type ClickData, encodeForm } from './http/formRequest.js';
export { Response, TextResponse, HtmlResponse, XmlResponse, JsonResponse, type ResponseInit, type FollowTarget } from './http/response.js';
export { Headers, type HeadersInit } from './http/headers.js';
export { responseKindFor, buildResponse } from './http/responseTypes.js';
export { Selector, SelectorList, XPathError, type SelectorOptions, type SelectorType, type XPathVariables } from './selector/index.js';

export { Spider, type SpiderClass, type SpiderArgs } from './spiders/spider.js';
export type { SpiderAttributes } from './spiders/spiderAttributes.js';
export { iterateOutput, type Output } from './spiders/output.js';
export { LinkExtractor, type Link, type LinkExtractorOptions } from './spiders/linkExtractor.js';
export { CrawlSpider, Rule, type RuleOptions, type ProcessLinks, type ProcessRequest, type ProcessResults } from './spiders/crawlSpider.js';
export { SitemapSpider, type SitemapRule } from './spiders/sitemapSpider.js';
export { XmlFeedSpider, type XmlFeedIterator, type FeedNamespaces } from './spiders/xmlFeedSpider.js';
export { CsvFeedSpider } from './spiders/csvFeedSpider.js';
export { ItemValidationPipeline } from './pipelines/itemValidation.js';
export { FilesPipeline, FileException, type FileResult, type MediaSettings } from './pipelines/media/filesPipeline.js';
export { ImagesPipeline, type ImageThumbs } from './pipelines/media/imagesPipeline.js';
export { FSFilesStore, type FilesStore, type FilesStoreClass, type StoredFile, type PersistMeta } from './pipelines/media/filesStore.js';
export { type ItemSchema, type StandardSchemaV1 } from './items/itemSchema.js';
export { Sitemap, type SitemapEntry } from './spiders/sitemap.js';

export { Crawler, type CrawlerOptions } from './engine/crawler.js';
export { declareComponentSettings } from './engine/componentPlan.js';
export type { CrawlerContext, EngineControl, DownloaderSlots, ComponentClass } from './component/context.js';
export type { ModuleLoader } from './component/registry.js';
export { LogFormatter, type LogEntry } from './engine/logFormatter.js';
export { CrawlerProcess } from './engine/crawlerProcess.js';
export { ExecutionEngine } from './engine/engine.js';
export { SignalManager, type SignalName, type SignalPayloads } from './engine/signals.js';
export { StatsCollector, type StatValue } from './engine/stats.js';
export { Logger, describeError } from './engine/logger.js';

export { Settings, SETTINGS_PRIORITIES, type SettingsInput, type SettingsPriority } from './settings/settings.js';
export { DEFAULT_SETTINGS, BUILTIN_SETTINGS, type SettingsValues, type BuiltinSettingsValues, type SettingKey, type LogLevel } from './settings/defaults.js';
export { defineSettings, type SettingDeclaration, type SettingDeclarations, type SettingType, type SettingsOf } from './settings/declaration.js';
export { settingsReference } from './settings/reference.js';
export type { ComponentMap, ComponentRef } from './settings/componentMap.js';
export { defineConfig } from './settings/defineConfig.js';
export * from './feeds/index.js';

export type { DownloaderMiddleware } from './downloader/middlewareManager.js';
export { getRetryRequest } from './downloader/middlewares/retry.js';
export { RobotsTxt, userAgentTokens } from './downloader/middlewares/robotsParser.js';
export { retryDelay, parseRetryAfter } from './downloader/middlewares/retryDelay.js';
export type { SpiderMiddleware } from './spidermw/middlewareManager.js';
export { HttpError } from './spidermw/httpError.js';
export type { ItemPipeline } from './pipelines/pipelineManager.js';
export type { DownloadHandler } from './downloader/handlers/handler.js';
export { Scheduler, type SchedulerStorage } from './scheduler/scheduler.js';
export { MemoryPriorityQueue, type RequestQueue, type SeenSet } from './scheduler/queue.js';
export { MemorySeenSet } from './scheduler/memorySeenSet.js';
export { canonicalizeUrl } from './scheduler/canonicalize.js';
export { requestFingerprint } from './scheduler/fingerprint.js';

export {
  ArachneError, NotConfigured, IgnoreRequest, DropItem, CloseSpider, DontCloseSpider, SettingsError,
  DownloadError, DownloadTimeoutError, DownloadMaxSizeError, FormError, ItemValidationError,
} from './errors.js';
export {
  ItemLoader, TakeFirst, Identity, Join, MapCompose, Compose,
  type Processor, type ProcessorObject, type ProcessorFunction, type ComposeOptions, type LoaderContext, type LoaderCallOptions,
  type ProcessorsAndOptions, type ItemLoaderOptions, type FieldProcessors, type FieldProcessorMap,
} from './items/index.js';
