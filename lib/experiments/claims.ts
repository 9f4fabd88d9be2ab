/**
 * Claims: how several identical workers pointed at one shared output folder share its jobs without running one
 * twice. Before a job runs, its worker creates `<run file>.claim` with exclusive create (`wx`: exactly one creator
 * succeeds, also on NFS v3+ and other shared file systems that honour O_EXCL), holding its pid, host, a random
 * token and an expiry that a heartbeat pushes forward while the job runs. The claim is removed once the job's record
 * is stored. A claim whose expiry has passed (its worker died or hangs), or whose worker is a dead process on this
 * host, may be taken over: it is renamed away first (only one rename of a file succeeds), then claimed afresh.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runFile, type RunKey } from "./store";

export interface Claim {
  pid: number;
  host: string;
  token: string;
  claimedAt: string;
  /** Milliseconds since the epoch after which another worker may take the job over. */
  expiresAt: number;
}

/** A held claim: `release()` after the job's record is stored (or when it failed). */
export interface ClaimHandle {
  release(): void;
}

/** How long a claim lasts without a heartbeat (RNN_WORKBOOK_CLAIM_TTL seconds, default 300); beats come every third of it. */
export function claimTtlMs(): number {
  const seconds = Number(process.env.RNN_WORKBOOK_CLAIM_TTL ?? "300");
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 300) * 1000;
}

export function claimFile(outDir: string, key: RunKey): string {
  return `${runFile(outDir, key)}.claim`;
}

function readClaim(file: string): Claim | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Claim;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when the holder of `file` is gone: expired, a dead process on this host, or unreadable for a whole TTL. */
function abandoned(file: string, claim: Claim | undefined, ttl: number): boolean {
  if (!claim) {
    // Created but not yet written (a moment), or damaged: abandoned only once it is older than a TTL.
    try {
      return Date.now() - fs.statSync(file).mtimeMs > ttl;
    } catch {
      return true;
    }
  }
  if (Date.now() > claim.expiresAt) return true;
  return claim.host === os.hostname() && !processAlive(claim.pid);
}

function create(file: string, ttl: number): ClaimHandle | undefined {
  const claim: Claim = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString("hex"), claimedAt: new Date().toISOString(), expiresAt: Date.now() + ttl };
  let fd: number;
  try {
    fd = fs.openSync(file, "wx");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw err;
  }
  fs.writeSync(fd, JSON.stringify(claim));
  fs.closeSync(fd);
  const beat = setInterval(() => {
    const now = readClaim(file);
    if (now?.token !== claim.token) return; // taken over: not ours any more
    fs.writeFileSync(file, JSON.stringify({ ...claim, expiresAt: Date.now() + ttl }));
  }, Math.max(1000, ttl / 3));
  beat.unref();
  return {
    release() {
      clearInterval(beat);
      if (readClaim(file)?.token === claim.token) fs.rmSync(file, { force: true });
    },
  };
}

/**
 * Claim the job `key` in `outDir`: a handle when this worker may run it, or the current holder's claim when another
 * live worker runs it.
 */
export function claimJob(outDir: string, key: RunKey, ttl: number = claimTtlMs()): ClaimHandle | { heldBy: Claim | undefined } {
  const file = claimFile(outDir, key);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mine = create(file, ttl);
  if (mine) return mine;
  const holder = readClaim(file);
  if (!abandoned(file, holder, ttl)) return { heldBy: holder };
  const stale = `${file}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(file, stale); // only one taker's rename finds the file
  } catch {
    return { heldBy: readClaim(file) };
  }
  const taken = readClaim(stale);
  if (!abandoned(stale, taken, ttl)) {
    // Between our read and our rename another taker claimed it afresh: put its claim back (link fails if a third exists).
    try {
      fs.linkSync(stale, file);
    } catch {
      /* a newer claim is in place */
    }
    fs.rmSync(stale, { force: true });
    return { heldBy: taken };
  }
  fs.rmSync(stale, { force: true });
  return create(file, ttl) ?? { heldBy: readClaim(file) };
}
