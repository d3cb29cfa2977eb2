"""The benchmark crawl in Scrapy, for a same-run comparison (`pnpm bench --scrapy`).

Run: python3 bench_spider.py START_URL OUTPUT_FILE. Prints one JSON line of measurements.
"""
import json
import resource
import sys
import time

import scrapy
from scrapy.crawler import CrawlerProcess


class BenchSpider(scrapy.Spider):
    name = "bench"

    def parse(self, response):
        yield {
            "title": response.css("h1.title::text").get(),
            "price": response.css("span.price::text").get(),
            "url": response.url,
        }
        yield from response.follow_all(response.css("a::attr(href)"))


def main():
    start_url, output = sys.argv[1], sys.argv[2]
    process = CrawlerProcess({
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "LOG_LEVEL": "WARNING",
        "FEEDS": {output: {"format": "jsonlines", "overwrite": True}},
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    })
    crawler = process.create_crawler(BenchSpider)
    BenchSpider.start_urls = [start_url]
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    process.crawl(crawler)
    process.start()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    stats = crawler.stats.get_stats()
    print(json.dumps({
        "pages": stats.get("response_received_count", 0),
        "items": stats.get("item_scraped_count", 0),
        "wallMs": wall * 1000,
        "cpuMs": (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000,
        "maxRssMB": after.ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
