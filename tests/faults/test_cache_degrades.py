"""The Redis cache backend degrades instead of raising (config/cache.py), without a server."""

from __future__ import annotations

import pytest

from .conftest import free_port


def test_the_cache_degrades_where_djangos_redis_cache_raises() -> None:
    """Against a port nobody listens on: Django's RedisCache fails every call, ours misses."""
    from django.core.cache.backends.redis import RedisCache
    from redis.exceptions import ConnectionError as RedisConnectionError

    from config.cache import DegradingRedisCache

    url = f"redis://127.0.0.1:{free_port()}/0"
    options = {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    with pytest.raises(RedisConnectionError):
        RedisCache(url, options).get("page")

    cache = DegradingRedisCache(url, options)
    assert cache.get("page", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("page") is False
    assert cache.set("page", "html", 60) is None
    assert cache.add("token", 1) is True  # as on an empty cache
    assert cache.delete("page") is False
    assert cache.touch("page") is False
    cache.delete_many(["a"])
    cache.set_many({"a": 1})
    cache.clear()
    with pytest.raises(ValueError, match="not found"):
        cache.incr("version")
    assert cache.get_or_set("computed", lambda: 42) == 42
