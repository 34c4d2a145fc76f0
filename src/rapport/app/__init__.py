"""The application layer: the rules of each command, between the CLI and the store.

Plain functions `(ctx, typed arguments) -> plain data`: `ctx` (context.Context) carries the
store, `now` and the notes for the person at the terminal, which the CLI prints once the
transaction is over. No Typer and no Rich here; SQL stays in rapport.store.
"""
