/**
 * The processes under a process, read from /proc (Linux): the tests find the
 * browser a crawl launched to kill it, and the benchmark sums the memory of
 * the crawler and its browser processes.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The executable's name as the kernel keeps it (15 characters at most). */
  name: string;
  /** Resident memory, bytes. */
  rss: number;
}

const PAGE_SIZE = 4096;

function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return { pid, ppid: Number(fields[1]), name: stat.slice(open + 1, close), rss: Number(fields[21]) * PAGE_SIZE };
  } catch {
    return null; // gone meanwhile
  }
}

/** Every process under `root` (children, their children, ...), not `root` itself. */
export function descendants(root: number): ProcessInfo[] {
  const byParent = new Map<number, ProcessInfo[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry));
    if (!info) continue;
    const siblings = byParent.get(info.ppid);
    if (siblings) siblings.push(info);
    else byParent.set(info.ppid, [info]);
  }
  const found: ProcessInfo[] = [];
  const visit = (pid: number) => {
    for (const child of byParent.get(pid) ?? []) {
      found.push(child);
      visit(child.pid);
    }
  };
  visit(root);
  return found;
}

/**
 * The memory of `root` and everything under it, bytes: the sum of resident
 * sets, and the sum of proportional sets (PSS: a page shared by n processes
 * counts 1/n in each, so Chromium's processes sharing its libraries and its
 * zygote's memory are not counted many times over).
 */
export function treeMemory(root: number): { rss: number; pss: number } {
  let rss = 0;
  let pss = 0;
  for (const pid of [root, ...descendants(root).map((info) => info.pid)]) {
    rss += readProcess(pid)?.rss ?? 0;
    pss += proportionalSet(pid);
  }
  return { rss, pss };
}

function proportionalSet(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // gone meanwhile
  }
}

/** The browsers `root` launched: its direct children that are Chromium. */
export function browserProcesses(root: number = process.pid): ProcessInfo[] {
  return descendants(root).filter((info) => info.ppid === root && /chrom/i.test(info.name));
}
