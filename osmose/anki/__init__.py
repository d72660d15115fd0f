"""Anki export: deck recipes, note types, notes from concepts and verified exercises.

``export_deck`` (in ``osmose.anki.export``) is the entry point the CLI calls; the
other modules each do one job: stable identities (``ids``), HTML with MathJax
delimiters (``html``), note types and their templates (``models``, ``template``),
recipes (``recipe``), notes (``concept_notes``, ``exercise_notes``), the variant
cache (``variants``), update bookkeeping (``manifest``) and deterministic package
writing (``package``).
"""
