"""A Redis cache that degrades instead of failing the request while Redis is unreachable.

Django's own ``RedisCache`` raises ``redis.ConnectionError`` from every call when the server is
down, which turns every page into a 500. Here a Redis error makes the cache behave as an empty
cache that drops writes: reads miss (the page is rendered from the database), writes and deletes
are lost, ``incr`` raises ``ValueError`` as for a missing key (its callers then ``set``, which is
dropped). When Redis comes back the cache works again on the next call (redis-py reconnects).

Lost deletes mean an entry written before the outage may outlive an invalidation made during it,
until its timeout (pages: ``PAGE_CACHE_SECONDS``; host routing: one hour). See docs/deploy.md.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
T = TypeVar("T")

# One warning per this many seconds and process, not one per cache call.
WARN_EVERY_SECONDS = 30.0


class DegradingRedisCache(RedisCache):
    _last_warning = 0.0

    def _guard(self, call: Callable[[], T], default: T) -> T:
        try:
            return call()
        except RedisError as exc:
            self._warn(exc)
            return default

    @staticmethod
    def _warn(exc: Exception) -> None:
        now = time.monotonic()
        if now - DegradingRedisCache._last_warning >= WARN_EVERY_SECONDS:
            DegradingRedisCache._last_warning = now
            logger.warning("cache: Redis unavailable, serving without cache: %s", exc)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guard(
            lambda: super(DegradingRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._guard(lambda: super(DegradingRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guard(lambda: super(DegradingRedisCache, self).has_key(key, version), False)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._guard(
            lambda: super(DegradingRedisCache, self).set(key, value, timeout, version), None
        )

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        # As if the key had been absent (an empty cache): callers go on as on a first visit.
        return self._guard(
            lambda: super(DegradingRedisCache, self).add(key, value, timeout, version), True
        )

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return self._guard(
            lambda: super(DegradingRedisCache, self).set_many(data, timeout, version), []
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard(
            lambda: super(DegradingRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guard(lambda: super(DegradingRedisCache, self).delete(key, version), False)

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._guard(lambda: super(DegradingRedisCache, self).delete_many(keys, version), None)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            self._warn(exc)
            raise ValueError(f"Key '{key}' not found (cache unavailable).") from exc

    def clear(self) -> None:
        self._guard(lambda: super(DegradingRedisCache, self).clear(), None)
