"""Thin orchestration: move data between storage and the pure stages.

The flow, one stage reading what the one before wrote::

    collect  (sources → storage.posts.store_batch, cursor in the same transaction)
    | fetch linked articles (sources.articles → articles table)
    | analyse  (storage.posts.posts_to_analyse → bot.evidence.analyze → storage.analysis.save_analysis)
    | publish  (storage → bot.digest.build → storage.digests → render + archive → deliver)

Each stage can be re-run or resumed after a crash: every write is an idempotent upsert in
one transaction, and nothing here keeps state between runs except through the database.
"""
