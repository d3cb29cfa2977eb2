/** HTML building blocks shared by the pages. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export interface PageOptions {
  title: string;
  body: string;
  /** Extra markup for `<head>`; the default declares UTF-8. */
  head?: string;
}

/** A full document with the site's header and footer around `body`. */
export function page({ title, body, head = '<meta charset="utf-8">' }: PageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  ${head}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} | Arachne Books</title>
</head>
<body>
  <header class="site-header">
    <a class="brand" href="/">Arachne Books</a>
    <nav>
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/catalogue/page/1">Catalogue</a></li>
      </ul>
    </nav>
  </header>
  <main class="container">
${body}
  </main>
  <footer class="site-footer">
    <p>&copy; Arachne Books. A test site; nothing here is for sale.</p>
  </footer>
</body>
</html>
`;
}
