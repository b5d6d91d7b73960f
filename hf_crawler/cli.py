"""The `hf-crawl` command line: flags in, exit codes out (0 ok, 1 task failed, 2 usage, 130 ^C)."""

from __future__ import annotations

import sys

import click

from hf_crawler import __version__
from hf_crawler.fakehub.command import fakehub

EXIT_OK, EXIT_TASKS_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hf-crawl")
def cli() -> None:
    """Keep Postgres filled with the Hugging Face Hub's model catalogue."""


cli.add_command(fakehub)


def main(argv: list[str] | None = None) -> None:
    """Entry point: usage errors are one line on stderr and exit 2, never a traceback."""
    try:
        code = cli.main(args=argv, prog_name="hf-crawl", standalone_mode=False)
    except click.exceptions.Abort:
        code = EXIT_INTERRUPTED
    except click.ClickException as exc:
        click.echo(f"hf-crawl: error: {exc.format_message()}", err=True)
        code = exc.exit_code if exc.exit_code != 1 else EXIT_USAGE
    sys.exit(code if isinstance(code, int) else EXIT_OK)
