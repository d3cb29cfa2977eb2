/** The handler's settings and request options: declared, checked and refused with the accepted form named, before any browser starts. */
import { describe, expect, it } from 'vitest';
import { Crawler, Settings, SettingsError, Spider, declareComponentSettings } from '@arachne/core';
import { PLAYWRIGHT_SETTINGS, PlaywrightDownloadHandler } from '../src/index.js';
import { renderOptions } from '../src/requestOptions.js';
import { BROWSER_SETTINGS } from './support/crawl.js';

class Idle extends Spider {
  name = 'idle';
}

/** Start a crawl that downloads nothing: it fails while the handler is built, if it fails. */
function start(settings: Record<string, unknown>) {
  return new Crawler(Idle, { ...BROWSER_SETTINGS, LOG_ENABLED: false, ...settings }).crawl();
}

describe('settings', () => {
  it('are declared with the handler: listed, converted from -s strings, and suggested on a typo', async () => {
    const settings = new Settings({ DOWNLOAD_HANDLERS: { http: PlaywrightDownloadHandler } });
    settings.setRaw('PLAYWRIGHT_MAX_PAGES', '3', 'cmdline');
    settings.setRaw('PLAYWRIGHT_BLOCK_RESOURCES', 'image,font', 'cmdline');
    await declareComponentSettings(settings);
    expect(settings.declaredKeys()).toEqual(expect.arrayContaining(Object.keys(PLAYWRIGHT_SETTINGS)));
    expect(settings.get('PLAYWRIGHT_MAX_PAGES')).toBe(3);
    expect(settings.get('PLAYWRIGHT_BLOCK_RESOURCES')).toEqual(['image', 'font']);
    expect(settings.get('PLAYWRIGHT_EXECUTABLE_PATH')).toBe('/usr/bin/chromium');

    const typo = new Settings({ DOWNLOAD_HANDLERS: { http: PlaywrightDownloadHandler } });
    typo.setRaw('PLAYWRIGHT_MAX_PAGE', '3', 'cmdline');
    await expect(declareComponentSettings(typo)).rejects.toThrow('unknown setting "PLAYWRIGHT_MAX_PAGE" — did you mean "PLAYWRIGHT_MAX_PAGES"?');
    const bad = new Settings({ DOWNLOAD_HANDLERS: { http: PlaywrightDownloadHandler } });
    bad.setRaw('PLAYWRIGHT_MAX_PAGES', '0', 'cmdline');
    await expect(declareComponentSettings(bad)).rejects.toThrow('setting PLAYWRIGHT_MAX_PAGES must be at least 1, got "0"');
  });

  it('stop the crawl with one error naming the install command when the browser is missing', async () => {
    await expect(start({ PLAYWRIGHT_EXECUTABLE_PATH: '/nowhere/chromium' })).rejects.toThrow(
      new SettingsError('PLAYWRIGHT_EXECUTABLE_PATH: no browser at /nowhere/chromium. Install Debian\'s Chromium with "apt-get install -y chromium" (it goes to /usr/bin/chromium), or set PLAYWRIGHT_EXECUTABLE_PATH to a Chromium executable.'),
    );
  });

  it('refuse unknown resource types, malformed contexts and a browser path given in the launch options', async () => {
    await expect(start({ PLAYWRIGHT_BLOCK_RESOURCES: ['images'] })).rejects.toThrow('PLAYWRIGHT_BLOCK_RESOURCES: unknown resource type "images"; the types are document, stylesheet, image,');
    await expect(start({ PLAYWRIGHT_CONTEXTS: { mobile: 'iPhone' } })).rejects.toThrow('PLAYWRIGHT_CONTEXTS.mobile must be an object of context options');
    await expect(start({ PLAYWRIGHT_LAUNCH_OPTIONS: { executablePath: '/usr/bin/chromium' } })).rejects.toThrow('give the browser with PLAYWRIGHT_EXECUTABLE_PATH');
    await expect(start({ PLAYWRIGHT_ABORT_REQUEST: 'image' })).rejects.toThrow('setting PLAYWRIGHT_ABORT_REQUEST must be a function');
  });
});

describe('request options', () => {
  const read = (meta: Record<string, unknown>) => renderOptions(meta, 'load');

  it('take true, or an options object with defaults applied', () => {
    expect(read({ playwright: true })).toEqual({ waitUntil: 'load', waitFor: undefined, actions: [], screenshot: undefined, pdf: undefined, includePage: false, context: 'default' });
    const options = read({
      playwright: { waitUntil: 'networkidle', waitFor: { selector: '.item', state: 'attached' }, actions: [{ click: 'button.more', repeat: 3 }, { scrollToEnd: true }, { wait: 0.5 }], screenshot: { fullPage: true }, includePage: true },
      playwrightContext: 'session-1',
    });
    expect(options).toMatchObject({ waitUntil: 'networkidle', screenshot: { fullPage: true }, includePage: true, context: 'session-1' });
  });

  it.each([
    [{ playwright: 'yes' }, 'meta.playwright must be true or an options object ({ waitUntil, waitFor, actions, screenshot, pdf, includePage }), got "yes"'],
    [{ playwright: { include_page: true } }, 'meta.playwright: unknown option "include_page" (did you mean "includePage"?)'],
    [{ playwright: { waitUntil: 'idle' } }, 'meta.playwright.waitUntil must be one of load, domcontentloaded, networkidle, commit, got "idle"'],
    [{ playwright: { waitFor: 3 } }, 'meta.playwright.waitFor must be a CSS selector, a page function, { selector, state? } or { function, arg? }, got 3'],
    [{ playwright: { actions: { click: 'a' } } }, 'meta.playwright.actions must be a list of actions'],
    [{ playwright: { actions: [{ click: 'a', fill: 'b' }] } }, 'meta.playwright.actions[0] must name exactly one action'],
    [{ playwright: { actions: [{ click: 'a', times: 2 }] } }, 'meta.playwright.actions[0]: "times" is not an option of a click action (its options: repeat)'],
    [{ playwright: { actions: [{ fill: '#q' }] } }, 'meta.playwright.actions[0].value must be a string, got undefined'],
    [{ playwright: { actions: [{ scrollToEnd: 0 }] } }, 'meta.playwright.actions[0].scrollToEnd must be true or a whole number of scrolls, got 0'],
    [{ playwright: { actions: [{ clik: 'button' }] } }, 'meta.playwright.actions[0]: unknown action "clik" (did you mean "click"?); the actions are click, fill,'],
    [{ playwright: true, playwrightContext: '' }, 'meta.playwrightContext must be a context name (a non-empty string), got ""'],
    [{ playwright: true, playwright_page_methods: [] }, "meta.playwright_page_methods is scrapy-playwright's; write meta.playwright = { actions: [...] }"],
    [{ playwright: true, playwright_context: 'a' }, "meta.playwright_context is scrapy-playwright's; write meta.playwrightContext = \"name\""],
  ])('refuse %j', (meta, message) => {
    expect(() => read(meta)).toThrow(message);
  });
});
