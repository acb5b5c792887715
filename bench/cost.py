"""Monthly AWS cost from the counted round trips, a stated usage profile and list prices.

Prices: AWS list prices for eu-north-1 / EU edge (USD, on-demand, no free tier), as published
in 2026; every assumption is a line in the table so it can be argued with.
"""

PRICES = {
    "lambda_request": 0.20 / 1e6,           # per invocation
    "lambda_gb_second": 0.0000166667,       # x86, per GB-second
    "rest_request": 3.50 / 1e6,             # API Gateway REST, first 333 M
    "ws_message": 1.00 / 1e6,               # API Gateway WebSocket, per 32 KB message (in or out)
    "ws_connection_minute": 0.25 / 1e6,
    "ddb_read": 0.125 / 1e6,                # on-demand read request unit (≤ 4 KB, strongly consistent ×1)
    "ddb_write": 0.625 / 1e6,               # on-demand write request unit (≤ 1 KB; transactions ×2)
    "ddb_storage_gb": 0.25,
    "cloudfront_gb": 0.085,                 # EU/NA, first 10 TB
    "cloudfront_https_10k": 0.012,
    "s3_storage_gb": 0.023,
    "s3_get_1k": 0.0004,
    "sqs_request": 0.40 / 1e6,              # standard queue, per request (≤ 64 KB)
}
# Per person and working day (21 a month).
PROFILE = {
    "page_views": 20,          # static pages: each makes /api/me, plus its widget reads
    "widget_reads": 30,        # comment pages, feed pages, counts, rooms, notifications …
    "comments": 1,
    "reactions": 3,
    "posts": 0.2,
    "chat_messages": 15,       # each fanned out to ~8 open connections
    "chat_fanout": 8,
    "connected_hours": 4,      # a WebSocket open while a page is
    "articles_read": 1,        # first opening of an article: one reach count (a 3-item transaction)
}
DAYS = 21
PAGE_KB = 55          # an article page in Chromium, compressed, first visit (bench: page weight)
CACHED_SHARE = 0.7    # later views: theme and images from the browser's cache
LAMBDA_GB = 0.5
DURATION_MS = {"read": 40, "write": 90, "ws": 60}  # handler time with real DynamoDB (≈ 8 ms a round trip)
CALLS = {"read": 2.0, "write": 4.5, "ws": 2.5}     # DynamoDB calls per request, from the round-trip table
DATA_GB_PER_1000 = 2.0                            # table size after a year, per 1,000 people
EDGE_REQUESTS = 5                                  # per page view: HTML, /api/me, a few revalidations
# Work units (bench: 10,000 people): a digest unit holds 25 people and takes ~1.5 s; a sweep unit 50 people
# and ~2 s; every unit costs a send (batched 10 to a request), a receive and a delete (batched by the event
# source mapping), and a share of an invocation (10 units to a batch).
WORK = {"digest_people": 25, "digest_s": 1.5, "sweep_people": 50, "sweep_s": 2.0, "weekly_share": 1 / 5}


def monthly(people: int) -> dict:
    p, d = PROFILE, DAYS * people
    reads = d * (p["page_views"] + p["widget_reads"])
    writes = d * (p["comments"] + p["reactions"] + p["posts"] + p["articles_read"])
    ws_in = d * p["chat_messages"]
    ws_out = ws_in * p["chat_fanout"] + d * (p["comments"] + p["reactions"]) * 3
    lambda_invocations = reads + writes + ws_in
    gb_seconds = LAMBDA_GB * (reads * DURATION_MS["read"] + writes * DURATION_MS["write"] + ws_in * DURATION_MS["ws"]) / 1000
    ddb_reads = reads * CALLS["read"] * 1.5 + writes * 3      # ≈1.5 RRU a read call (batch items, 4 KB pages)
    ddb_writes = writes * CALLS["write"] * 2 + ws_in * 2 * 2   # transactions cost double
    cost = {
        "Lambda": lambda_invocations * PRICES["lambda_request"] + gb_seconds * PRICES["lambda_gb_second"],
        "API Gateway REST": (reads + writes) * PRICES["rest_request"],
        "API Gateway WebSocket": (ws_in + ws_out) * PRICES["ws_message"]
        + d * p["connected_hours"] * 60 * PRICES["ws_connection_minute"],
        "DynamoDB on-demand": ddb_reads * PRICES["ddb_read"] + ddb_writes * PRICES["ddb_write"]
        + people / 1000 * DATA_GB_PER_1000 * PRICES["ddb_storage_gb"],
        "CloudFront": d * p["page_views"] * PAGE_KB * (1 - CACHED_SHARE) / 1e6 * PRICES["cloudfront_gb"]
        + d * (p["page_views"] * EDGE_REQUESTS + p["widget_reads"]) / 1e4 * PRICES["cloudfront_https_10k"],
        "S3": 0.05 * PRICES["s3_storage_gb"] + d * p["page_views"] * 3 * (1 - 0.95) / 1000 * PRICES["s3_get_1k"],
        "Work queue (SQS, the work function)": work_monthly(people),
    }
    cost["total"] = sum(cost.values())
    return cost


def work_monthly(people: int) -> float:
    """Digests (daily, and weekly on Mondays) and the nightly sweep as work units, 30 nights a month."""
    digest_units = DAYS * (1 + WORK["weekly_share"]) * people / WORK["digest_people"]
    sweep_units = 30 * people / WORK["sweep_people"]
    units = digest_units + sweep_units
    seconds = digest_units * WORK["digest_s"] + sweep_units * WORK["sweep_s"]
    return (units * (0.1 + 2 / 10) * PRICES["sqs_request"] + units / 10 * PRICES["lambda_request"]
            + seconds * LAMBDA_GB * PRICES["lambda_gb_second"])


def reach_monthly(people: int) -> float:
    """What counting readers costs (inside the totals): a request, a short handler, 3 items × 2 units."""
    counts = DAYS * people * PROFILE["articles_read"]
    return counts * (PRICES["rest_request"] + PRICES["lambda_request"]
                     + LAMBDA_GB * DURATION_MS["write"] / 1000 * PRICES["lambda_gb_second"] + 3 * 2 * PRICES["ddb_write"])


def table() -> str:
    small, large = monthly(1000), monthly(10000)
    lines = ["| service | 1,000 employees | 10,000 employees |", "|---|---|---|"]
    for name in small:
        bold = "**" if name == "total" else ""
        lines.append(f"| {bold}{name}{bold} | {bold}${small[name]:,.2f}{bold} | {bold}${large[name]:,.2f}{bold} |")
    met = "met" if small["total"] <= 10 else "**missed**"
    lines.append(f"\nTarget ≤ $10 a month for 1,000 employees: {met}.\n")
    lines.append(f"Of which reach counting (one anonymous count per person and article read): "
                 f"${reach_monthly(1000):,.2f} per 1,000 employees a month, ${reach_monthly(10000):,.2f} per 10,000.\n")
    lines.append("Assumptions (per person and working day, 21 days a month): " + ", ".join(
        f"{name.replace('_', ' ')} {value}" for name, value in PROFILE.items())
        + f". Handler time {DURATION_MS} ms at {LAMBDA_GB} GB; DynamoDB calls per request {CALLS} "
        f"(from the round-trip table, rounded up); 1.5 read units per read call; transactions at 2 units per item; "
        f"a page {PAGE_KB} KB compressed with {int(CACHED_SHARE * 100)} % of it cached by the browser after the "
        f"first view; {EDGE_REQUESTS} requests a page view reach CloudFront (HTML, /api/me, revalidations; "
        f"the rest is in the browser cache); "
        f"{DATA_GB_PER_1000} GB of table per 1,000 people; work units {WORK} (their DynamoDB reads and SES sends "
        f"are in the DynamoDB line's profile and not priced apart; SES is 0.10 USD per 1,000 mails). Prices (USD): " + ", ".join(
        f"{name} {value:.10g}" for name, value in PRICES.items()) + ". Free tiers are not subtracted.")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
