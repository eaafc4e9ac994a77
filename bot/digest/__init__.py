"""The digest and deliver stages: a week of analysed posts → a Digest → page, e-mail, feed.

The whole public API (everything else in the package is an implementation detail)::

    # what goes in (pure: no I/O, no clock)
    from bot.digest.build import AnalysedPost, ReviewedFlag, build_digest, week_window
    start, end = week_window(now, settings.zone, settings.schedule.publish.day_of_week)
    digest = build_digest(posts, cards_by_id, settings, now)          # -> bot.digest.types.Digest
    #   posts: AnalysedPost per post; from the database with storage.digests.load_week(session,
    #   start, end), or from analyze-file output with AnalysedPost.from_analysis(analysis, ...).
    #   window=(start, end) overrides the clock's last complete week (e.g. for bundled samples).

    # rendering (autoescaped HTML; plain text wrapped at 72 columns; feeds via feedgen)
    from bot.digest.render import render_html, render_text           # (digest) -> str
    from bot.digest.feed import render_atom, render_rss              # (digests, settings) -> bytes
    from bot.digest.archive import write_archive                     # (out_dir, digests, settings)
    #   write_archive writes index.html, weeks/<week_start>.html|.txt, feed.atom, feed.rss and
    #   digest.html / digest.txt for the newest week — what `digestbot demo --out DIR` needs.

    # storage (each call inside storage.db.transaction(engine))
    from storage.digests import save_digest, load_digest, get_digest, list_digests, load_week
    digest_id = save_digest(session, digest)   # upsert by week_start; a rebuild replaces entries
    from storage.digests import add_subscriber, confirm, unsubscribe   # -> token / bool / bool

    # delivery (SMTP; each subscriber at most once per digest, even across crashes)
    from bot.digest.deliver import deliver
    report = deliver(engine, digest_id, settings, now)   # -> DeliveryReport(sent, already_sent,
    #   failed, needs_checking); DeliveryError for config problems (email.enabled false, half a
    #   login, a password without STARTTLS, an unreachable server, an unknown digest).

The unsubscribe link in every e-mail is ``{digest.site_url}unsubscribe?token=TOKEN``; the web
app serves it by calling ``storage.digests.unsubscribe``.
"""
