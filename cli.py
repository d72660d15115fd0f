"""osmose command line: parse arguments, call the engine, print.

Heavy modules (SymPy, the generators, rich) are imported inside commands so
``osmose --help`` and ``osmose concepts`` stay fast.
"""

from __future__ import annotations

import json
import os
import sys

import click

from osmose.errors import OsmoseError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class OsmoseGroup(click.Group):
    """Turns user errors into one line on stderr and a non-zero exit."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OsmoseError as err:
            click.echo(f"osmose: {err}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("\nosmose: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(141)


kb_option = click.option(
    "--kb", "kb_path", envvar="OSMOSE_KB", type=click.Path(file_okay=False),
    help="Knowledge base folder (concepts/, generators/, decks/). Default: the built-in one.",
)


def load_kb(kb_path):
    from osmose.kb import KnowledgeBase
    return KnowledgeBase.load(kb_path)


def echo_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=None))


@click.group(cls=OsmoseGroup, context_settings=CONTEXT)
@click.version_option(package_name="osmose")
def main():
    """osmose — make the mathematics of ML and physics stick.

    \b
    Look things up:     osmose concepts | show ID | symbol θ | families
    Practise:           osmose generate hessian -n 3 | quiz | answer ID "TEXT"
    Check the base:     osmose check

    Every command reads the built-in knowledge base unless --kb or OSMOSE_KB
    points at your own folder with concepts/, generators/ and decks/.
    """


if __name__ == "__main__":  # pragma: no cover
    main()
