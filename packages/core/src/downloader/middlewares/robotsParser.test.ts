import { describe, expect, it } from 'vitest';
import { RobotsTxt, ROBOTSTXT_MAX_BYTES, productToken, userAgentTokens } from './robotsParser.js';
import { RobotsRule, normalizeRobotsPath } from './robotsMatch.js';

/** About 400 KB of rules before the one that matters: a long file is read to its end. */
const LONG_FILLER = Array.from({ length: 8000 }, (_, i) => `Disallow: /filler/${String(i).padStart(6, '0')}/some/long/path/segment\n`).join('');

// robots.txt bodies, each checked below on a few URLs.
const FILES = {
  rfcExample: 'User-agent: *\nDisallow: *.gif$\nDisallow: /example/\nAllow: /publications/\n\nUser-Agent: foobot\nDisallow:/\nAllow:/example/page.html\nAllow:/example/allowed.gif\n\nUser-Agent: barbot\nUser-Agent: bazbot\nDisallow: /example/page.html\n\nUser-Agent: quxbot\n',
  allowLonger: 'User-agent: *\nAllow: /p\nDisallow: /\n',
  allowTie: 'User-agent: *\nAllow: /folder\nDisallow: /folder\n',
  disallowWildcardLonger: 'User-agent: *\nAllow: /page\nDisallow: /*.html\n',
  allowRootOnly: 'User-agent: *\nAllow: /$\nDisallow: /\n',
  wildcardMiddle: 'User-agent: *\nDisallow: /fish*.php\n',
  anchoredSuffix: 'User-agent: *\nDisallow: /*.php$\n',
  wildcardThenAllow: 'User-agent: *\nDisallow: /fish*\nAllow: /fish/ok\n',
  severalWildcards: 'User-agent: *\nDisallow: /a*b*c\n',
  escapedTilde: 'User-agent: *\nDisallow: /%7Efoo\n',
  rawTilde: 'User-agent: *\nDisallow: /~bar\n',
  escapedUnreserved: 'User-agent: *\nDisallow: /foo/bar/%62%61%7A\n',
  utf8Raw: 'User-agent: *\nDisallow: /foo/bar/\u30c4\n',
  escapedOperators: 'User-agent: *\nDisallow: /path/file-with-a-%2A.html\nDisallow: /path/foo-%24\n',
  lowercaseEscape: 'User-agent: *\nDisallow: /caf%c3%a9\n',
  mergedGroups: 'User-agent: FooBot\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n\nuser-agent: foobot\nDisallow: /c\n',
  mergedStarGroups: 'User-agent: *\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n',
  otherAgentOnly: 'User-agent: other\nDisallow: /\n',
  ruleBeforeAgent: 'Disallow: /before\nUser-agent: *\nDisallow: /after\n',
  emptyDisallow: 'User-agent: *\nDisallow:\n',
  emptyAllowDisallow: 'User-agent: *\nDisallow:\nAllow:\n',
  disallowAll: 'User-agent: *\nDisallow: /\n',
  empty: '',
  commentsAndCase: '# hello\nUSER-AGENT: *   # all\n  DISALLOW:   /x   # no x\n',
  crlf: 'User-agent: *\r\nDisallow: /crlf\r\n',
  crOnly: 'User-agent: *\rDisallow: /cr\r',
  misspelled: 'User-agent: *\nDissallow: /typo\n',
  noLeadingSlash: 'User-agent: *\nDisallow: noslash\n',
  indexHtml: 'User-agent: *\nDisallow: /\nAllow: /index.html\n',
  queries: 'User-agent: *\nDisallow: /*?sort=\nDisallow: /search?\n',
  long: 'User-agent: *\n' + LONG_FILLER + 'Disallow: /last\n',
  noColonLowercase: 'user-agent *\ndisallow /nocolon\n',
  crawlDelayEndsAgents: 'User-agent: foobot\nCrawl-delay: 5\nUser-agent: barbot\nDisallow: /x\n',
  dollarInside: 'User-agent: *\nDisallow: /a$b\n',
  lowercaseReservedEscape: 'User-agent: *\nDisallow: /a%3ab\n',
  space: 'User-agent: *\nDisallow: /a b\n',
  wildcardAnchored: 'User-agent: *\nDisallow: /*/private$\n',
  doubleWildcard: 'User-agent: *\nDisallow: /**x\n',
  agentWithWildcard: 'User-agent: googlebot*\nDisallow: /g\n',
  starWithSpace: 'User-agent: * \nDisallow: /s\n',
  browserStyleGroups: 'User-agent: *\nDisallow: /private\n\nUser-agent: Googlebot\nDisallow: /nogoogle\nCrawl-delay: 3\n\nUser-agent: bingbot\nDisallow: /nobing\n\nUser-agent: Mozilla\nDisallow: /nomozilla\n',
};

const BROWSER_STYLE_PATHS = ['/private', '/nogoogle', '/nobing', '/nomozilla'];
/** User-Agent → may fetch each of BROWSER_STYLE_PATHS under FILES.browserStyleGroups, as Protego 0.2.1 answers. */
const BROWSER_STYLE_AGENTS: Array<[userAgent: string, allowed: boolean[]]> = [
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', [true, false, true, true]],
  ['Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/120.0.0.0 Safari/537.36', [true, false, true, true]],
  ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', [true, true, false, true]],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0', [true, true, true, false]],
  ['Arachne/0.1 (+https://github.com/arachne-crawler/arachne)', [false, true, true, true]],
  ['GOOGLEBOT/2.1', [true, false, true, true]],
  ['Scrapy/2.8.0 (+https://scrapy.org)', [false, true, true, true]],
];

/**
 * (robots.txt, path, user agent, may fetch) — the answers are Protego 0.2.1's
 * (`Protego.parse(txt).can_fetch('http://example.com' + path, ua)`), Scrapy's parser.
 */
const PROTEGO_TABLE: Array<[robotsTxt: string, path: string, userAgent: string, allowed: boolean]> = [
  [FILES.rfcExample, '/example/page.html', 'foobot', true],
  [FILES.rfcExample, '/example/allowed.gif', 'foobot', true],
  [FILES.rfcExample, '/example/other.gif', 'foobot', false],
  [FILES.rfcExample, '/a', 'foobot', false],
  [FILES.rfcExample, '/example/page.html', 'barbot', false],
  [FILES.rfcExample, '/example/page.html', 'bazbot', false],
  [FILES.rfcExample, '/example/other.gif', 'bazbot', true],
  [FILES.rfcExample, '/example/page.html', 'quxbot', true],
  [FILES.rfcExample, '/example/', 'otherbot', false],
  [FILES.rfcExample, '/publications/x.gif', 'otherbot', true],
  [FILES.rfcExample, '/publications/', 'otherbot', true],
  [FILES.rfcExample, '/page.html', 'otherbot', true],
  [FILES.allowLonger, '/p', 'foobot', true],
  [FILES.allowLonger, '/page', 'foobot', true],
  [FILES.allowLonger, '/a', 'foobot', false],
  [FILES.allowTie, '/folder', 'foobot', true],
  [FILES.allowTie, '/folder/page', 'foobot', true],
  [FILES.disallowWildcardLonger, '/page.html', 'foobot', false],
  [FILES.disallowWildcardLonger, '/page', 'foobot', true],
  [FILES.allowRootOnly, '/', 'foobot', true],
  [FILES.allowRootOnly, '/a', 'foobot', false],
  [FILES.wildcardMiddle, '/fish.php', 'foobot', false],
  [FILES.wildcardMiddle, '/fishheads/catfish.php?x=1', 'foobot', false],
  [FILES.wildcardMiddle, '/Fish.PHP', 'foobot', true],
  [FILES.anchoredSuffix, '/filename.php', 'foobot', false],
  [FILES.anchoredSuffix, '/filename.php?x', 'foobot', true],
  [FILES.anchoredSuffix, '/windows.PHP', 'foobot', true],
  [FILES.wildcardThenAllow, '/fish/ok', 'foobot', true],
  [FILES.wildcardThenAllow, '/fish/no', 'foobot', false],
  [FILES.severalWildcards, '/abc', 'foobot', false],
  [FILES.severalWildcards, '/a-b-c', 'foobot', false],
  [FILES.severalWildcards, '/acb', 'foobot', true],
  [FILES.escapedTilde, '/~foo', 'foobot', false],
  [FILES.escapedTilde, '/%7Efoo', 'foobot', false],
  [FILES.rawTilde, '/%7ebar', 'foobot', false],
  [FILES.rawTilde, '/~bar', 'foobot', false],
  [FILES.escapedUnreserved, '/foo/bar/baz', 'foobot', false],
  [FILES.utf8Raw, '/foo/bar/%E3%83%84', 'foobot', false],
  [FILES.escapedOperators, '/path/file-with-a-*.html', 'foobot', false],
  [FILES.escapedOperators, '/path/foo-$', 'foobot', false],
  [FILES.lowercaseEscape, '/caf%C3%A9', 'foobot', false],
  [FILES.mergedGroups, '/a', 'FooBot/1.0', false],
  [FILES.mergedGroups, '/c', 'foobot', false],
  [FILES.mergedGroups, '/b', 'foobot', true],
  [FILES.mergedGroups, '/b', 'barbot', false],
  [FILES.mergedGroups, '/a', 'barbot', true],
  [FILES.mergedStarGroups, '/a', 'foobot', false],
  [FILES.mergedStarGroups, '/b', 'foobot', false],
  [FILES.otherAgentOnly, '/a', 'foobot', true],
  [FILES.ruleBeforeAgent, '/before', 'foobot', true],
  [FILES.ruleBeforeAgent, '/after', 'foobot', false],
  [FILES.emptyDisallow, '/a', 'foobot', true],
  [FILES.emptyAllowDisallow, '/a', 'foobot', true],
  [FILES.disallowAll, '/a', 'foobot', false],
  [FILES.disallowAll, '/', 'foobot', false],
  [FILES.empty, '/a', 'foobot', true],
  [FILES.commentsAndCase, '/x', 'foobot', false],
  [FILES.crlf, '/crlf', 'foobot', false],
  [FILES.crOnly, '/cr', 'foobot', false],
  [FILES.misspelled, '/typo', 'foobot', false],
  [FILES.noLeadingSlash, '/noslash', 'foobot', false],
  [FILES.indexHtml, '/', 'foobot', true],
  [FILES.indexHtml, '/index.html', 'foobot', true],
  [FILES.indexHtml, '/a', 'foobot', false],
  [FILES.queries, '/list?sort=asc', 'foobot', false],
  [FILES.queries, '/search', 'foobot', true],
  [FILES.queries, '/search?q=1', 'foobot', false],
  [FILES.long, '/last', 'foobot', false],
  [FILES.long, '/filler/000001/some/long/path/segment', 'foobot', false],
  [FILES.long, '/a', 'foobot', true],
  [FILES.noColonLowercase, '/nocolon', 'foobot', false],
  [FILES.crawlDelayEndsAgents, '/x', 'foobot', true],
  [FILES.crawlDelayEndsAgents, '/x', 'barbot', false],
  [FILES.dollarInside, '/a$b', 'foobot', false],
  [FILES.dollarInside, '/a$bc', 'foobot', false],
  [FILES.lowercaseReservedEscape, '/a%3Ab', 'foobot', false],
  [FILES.space, '/a%20b', 'foobot', false],
  [FILES.wildcardAnchored, '/x/private', 'foobot', false],
  [FILES.wildcardAnchored, '/x/private/', 'foobot', true],
  [FILES.doubleWildcard, '/abx', 'foobot', false],
  [FILES.agentWithWildcard, '/g', 'googlebot', false],
  [FILES.starWithSpace, '/s', 'foobot', false],
  // Browser-style User-Agents that name the bot inside a comment.
  ...BROWSER_STYLE_AGENTS.flatMap(([userAgent, answers]) =>
    BROWSER_STYLE_PATHS.map((path, i): [string, string, string, boolean] => [FILES.browserStyleGroups, path, userAgent, answers[i]!])),
];

/**
 * Where RFC 9309 and Protego part ways, we follow the RFC. Each row notes
 * Protego's answer and the RFC's reason.
 */
const RFC_TABLE: Array<[robotsTxt: string, path: string, userAgent: string, allowed: boolean, why: string]> = [
  ['\uFEFFUser-agent: *\nDisallow: /bom\n', '/bom', 'foobot', false, 'a UTF-8 byte order mark is not part of the first line (Protego: true)'],
  ['User-agent: foobot\nSitemap: http://example.com/s.xml\nUser-agent: barbot\nDisallow: /x\n', '/x', 'foobot', false, '§2.2.4: a Sitemap record does not end a group (Protego: true)'],
  ['User-agent: foobot\nContent-Signal: ai-train=no\nUser-agent: barbot\nDisallow: /x\n', '/x', 'foobot', false, '§2.2.4: nor does an unknown record (Protego: true)'],
  ['User-agent: *\nDisallow: /a:b\n', '/a%3Ab', 'foobot', true, '§2.2.2: an escaped reserved character stays escaped, so differs from the raw one (Protego: false)'],
  ['User-agent: *\nDisallow: /a%3Ab\n', '/a:b', 'foobot', true, '§2.2.2: likewise (Protego: false)'],
  ['User-agent: *\nDisallow: /q?a=%7E\n', '/q?a=~', 'foobot', false, '§2.2.2: unreserved characters are unescaped in the query too (Protego: true)'],
  ['User-agent: *\nDisallow: /q?a=~\n', '/q?a=%7E', 'foobot', false, '§2.2.2: likewise (Protego: true)'],
  ['User-agent: foobot\nDisallow: /\n', '/robots.txt', 'foobot', true, '§2.2.2: /robots.txt is implicitly allowed (Protego: false)'],
  ['User-agent: other\nDisallow: /\n', '/a', 'otherbot', true, '§2.2.1: the product token must match, not a substring of it (Protego: false)'],
  ['User-agent: foobot/2.1\nDisallow: /v\n', '/v', 'foobot', false, 'the product token of a user-agent line with a version, as Google reads it (Protego: true)'],
  ['User-agent *\nDisallow /nocolon\n', '/nocolon', 'foobot', false, 'directives without a colon are read whatever their case, as Google does (Protego: only lower case)'],
  ['User-agent: *\nDisallow: /x\nUser-agent: Googlebot\nDisallow: /g\n', '/x', 'Googlebot-Image/1.0', false, '§2.2.1: googlebot-image is its own product token, not googlebot (Protego: true, a substring)'],
  ['User-agent: Mozilla\nDisallow: /m\nUser-agent: Googlebot\nDisallow: /g\n', '/m', 'Mozilla/5.0 (compatible; MyCrawler; +http://crawler.example/googlebot.html)', false, 'a name inside a URL is no product token (Protego: true, taking googlebot from the URL)'],
];

describe('RobotsTxt', () => {
  it.each(PROTEGO_TABLE)('agrees with Protego: %j %s %s → %s', (robotsTxt, path, userAgent, allowed) => {
    const robots = new RobotsTxt(robotsTxt);
    expect(robots.isAllowed(`http://example.com${path}`, userAgent)).toBe(allowed);
    expect(robots.isAllowed(path, userAgent)).toBe(allowed);
  });

  it.each(RFC_TABLE)('follows RFC 9309: %j %s %s → %s (%s)', (robotsTxt, path, userAgent, allowed) => {
    expect(new RobotsTxt(robotsTxt).isAllowed(`http://example.com${path}`, userAgent)).toBe(allowed);
  });

  it('reads Crawl-delay for the matching group, else the * group', () => {
    const robots = new RobotsTxt('User-agent: *\nCrawl-delay: 2.5\n\nUser-agent: FooBot\nCrawl-delay: 7\nDisallow: /x\n\nUser-agent: barbot\nCrawl-delay: soon\n');
    expect(robots.crawlDelay('foobot/1.0 (+http://example.com)')).toBe(7);
    expect(robots.crawlDelay('other')).toBe(2.5);
    expect(robots.crawlDelay('barbot')).toBeUndefined();
    expect(new RobotsTxt('User-agent: *\nDisallow: /x\n').crawlDelay('foobot')).toBeUndefined();
  });

  it('collects Sitemap lines wherever they are', () => {
    const robots = new RobotsTxt('Sitemap: http://example.com/a.xml\nUser-agent: *\nsitemap:http://example.com/b.xml\nDisallow: /x\nSitemap:\n');
    expect(robots.sitemaps).toEqual(['http://example.com/a.xml', 'http://example.com/b.xml']);
    expect(robots.isAllowed('/x', 'foobot')).toBe(false);
  });

  it('reads the first 500 KiB of a body, dropping the line cut in two', () => {
    const head = 'User-agent: *\nDisallow: /kept\n';
    const cut = 'Disallow: /';
    const filler = '#'.repeat(ROBOTSTXT_MAX_BYTES - head.length - cut.length - 1) + '\n';
    const robots = RobotsTxt.fromBody(Buffer.from(`${head}${filler}${cut}after-the-limit\nDisallow: /beyond\n`));
    expect(robots.isAllowed('/kept', 'foobot')).toBe(false);
    expect(robots.isAllowed('/', 'foobot')).toBe(true); // `Disallow: /` from the cut line would forbid everything
    expect(robots.isAllowed('/beyond', 'foobot')).toBe(true);
    expect(RobotsTxt.fromBody(Buffer.from(FILES.long)).isAllowed('/last', 'foobot')).toBe(false);
  });

  it('reads Crawl-delay from the group a browser-style User-Agent names', () => {
    const robots = new RobotsTxt(FILES.browserStyleGroups);
    expect(robots.crawlDelay('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toBe(3);
    expect(robots.crawlDelay('Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)')).toBeUndefined();
  });

  it('lists the names a User-Agent identifies its client by', () => {
    expect(userAgentTokens('Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/120.0 Safari/537.36')).toEqual([
      'mozilla', 'applewebkit', 'khtml', 'like', 'compatible', 'googlebot', 'chrome', 'safari',
    ]);
    expect(userAgentTokens('Arachne/0.1 (+https://github.com/arachne-crawler/arachne)')).toEqual(['arachne']);
    expect(userAgentTokens('Googlebot-Image/1.0')).toEqual(['googlebot-image']);
    expect(userAgentTokens('')).toEqual([]);
  });

  it('takes the product token of a User-Agent', () => {
    expect(productToken('Arachne/0.1 (+https://github.com/arachne-crawler/arachne)')).toBe('arachne');
    expect(productToken('Googlebot-Image/1.0')).toBe('googlebot-image');
    expect(productToken('* ')).toBe('*');
    expect(productToken('123')).toBe('');
  });
});

describe('robots.txt matching', () => {
  it('normalizes escapes, non-ASCII and literal wildcards', () => {
    expect(normalizeRobotsPath('/%7efoo/%2f/%e3%83%84?q=%41')).toBe('/~foo/%2F/%E3%83%84?q=A');
    expect(normalizeRobotsPath('/caf\u00e9 x')).toBe('/caf%C3%A9%20x');
    expect(normalizeRobotsPath('/a*b$')).toBe('/a%2Ab%24');
    expect(normalizeRobotsPath('/a*b', true)).toBe('/a*b');
    expect(normalizeRobotsPath('/plain/path?x=1&y=2')).toBe('/plain/path?x=1&y=2');
  });

  it('matches many wildcards against a long path without backtracking', () => {
    const rule = new RobotsRule('/*a*a*a*a*a*a*a*a*a*a*b', false);
    expect(rule.matches(`/${'a'.repeat(20_000)}`)).toBe(false);
    expect(rule.matches(`/${'a'.repeat(20_000)}b`)).toBe(true);
    expect(new RobotsRule('/a*a$', false).matches('/a')).toBe(false);
    expect(new RobotsRule('/a*a$', false).matches('/aa')).toBe(true);
  });
});
