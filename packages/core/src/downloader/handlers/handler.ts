/** A download handler fetches one request for a URL scheme (`DOWNLOAD_HANDLERS` maps schemes to handlers). */
import type { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import type { Spider } from '../../spiders/spider.js';

export interface DownloadHandler {
  download(request: Request, spider: Spider): Promise<Response>;
  close?(): Promise<void> | void;
}
