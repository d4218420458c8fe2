"""Floor 1, sources: where pages come from, as `Page`s or per-input `InputFailure`s.

Files and folders (`inputs`, with `folders` for what a folder holds), JSONL and WARC archives
(`archives`), reading untrusted streams within limits (`bounded`: decompression budgets, chunked
lines), http(s) URLs (`fetch`, conditionally for feeds), RSS and Atom feeds (`feeds`), pacing
and retrying fetches politely (`politeness`), and the bytes-to-text decision (`decode`, with
`charsets` for legacy single-byte pages). Nothing here knows what an article is.
"""
