"""Floor 1, sources: where pages come from, as `Page`s or per-input `InputFailure`s.

Files and folders (`inputs`), JSONL and WARC archives (`archives`), http(s) URLs (`fetch`), and
the bytes-to-text decision (`decode`, with `charsets` for legacy single-byte pages). Nothing here
knows what an article is.
"""
