"""Run a function in a child process that is killed when it runs too long.

Why a process: pyoxigraph cannot cancel a query, so the only way to bound a
pathological one (a cross product of the whole store, say) is to run it where it
can be killed. The child is forked, so it starts in milliseconds with the parent's
modules loaded; it should open its own store handle.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from kg.errors import KgError, QueryError

__all__ = ["QueryTimeout", "call_with_timeout"]

T = TypeVar("T")


class QueryTimeout(QueryError):
    """The work ran past its time limit and was stopped."""


def call_with_timeout(fn: Callable[..., T], *args: Any, timeout: float | None) -> T:
    """Return ``fn(*args)``, computed in a forked child that is killed after ``timeout`` s.

    The result must pickle. Errors of the package raised in the child are raised
    again here with their message; other errors become a :class:`KgError` that
    carries the child's traceback text.

    Parameters
    ----------
    timeout : float or None
        Seconds; ``None`` runs ``fn`` in this process, unbounded.

    Raises
    ------
    QueryTimeout
        If the child did not finish in time.

    Examples
    --------
    >>> call_with_timeout(sum, [1, 2, 3], timeout=5)
    6
    >>> import time
    >>> call_with_timeout(time.sleep, 10, timeout=0.2)  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    QueryTimeout: stopped after the time limit of 0.2 s
    """
    if timeout is None or not hasattr(os, "fork"):
        return fn(*args)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryTimeout(f"stopped after the time limit of {timeout:g} s")
        status, payload = receive.recv()
    except EOFError:
        raise KgError(f"the worker process died (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if status == "ok":
        return payload
    kind, message = payload
    if kind == "KgError":
        raise KgError(message)
    if kind == "QueryError":
        raise QueryError(message)
    raise KgError(message)


def _child(send, fn, args) -> None:
    try:
        send.send(("ok", fn(*args)))
    except QueryError as exc:
        send.send(("error", ("QueryError", str(exc))))
    except KgError as exc:
        send.send(("error", ("KgError", str(exc))))
    except BaseException:
        send.send(("error", ("other", traceback.format_exc(limit=5))))
    finally:
        send.close()
