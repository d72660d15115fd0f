"""Auto-checked problem sets: per-student verified variants, answer keys, machine grading.

    build       which questions (recipe / concepts / families), per-student seeds, collisions
    render      Markdown ($…$ math) and LaTeX of the problems, Markdown answer keys
    pdf         typeset with latexmk / pdflatex / tectonic when one is installed
    manifest    manifest.json: exercise ids and the data grading needs
    make        select → draw → render → write, in one call
    roster      the class list (CSV with an id column)
    submissions answer files (YAML / CSV) read forgivingly, problems located by line
    grade       check every answer with osmose.checker; gradebook, reports, class summary

No click and no printing here: ``cli.py`` does that.
"""
