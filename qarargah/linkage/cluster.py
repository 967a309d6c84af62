"""Clustering linked pairs into people, honouring the data officers' decisions.

Union–find over record indexes.  Edges are added strongest first — people's «link» decisions,
then shared national codes, then automatic links by falling probability — and a union is
refused when it would put two records a person «separated» into one cluster.  So a separation
splits even a code link, and a chain of automatic links cannot pull a separated pair back
together through a third record.
"""

from __future__ import annotations

from collections.abc import Iterable


class Clusters:
    """Union–find with cannot-link constraints (few: only records people separated)."""

    def __init__(self, n: int, codes: list[str | None] | None = None) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        # root → records that may not join the root's cluster
        self.forbidden: dict[int, set[int]] = {}
        # root → the valid national code its cluster carries.  Two different valid codes are two
        # people (a mistyped digit gives another valid code only in the rare case where
        # remainders 1 and 10 swap), so clusters carrying different codes are never joined
        # automatically — not even through a third record without a code.
        self.code: dict[int, str] = {}
        if codes is not None:
            self.code = {i: c for i, c in enumerate(codes) if c is not None}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def forbid(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        self.forbidden.setdefault(ra, set()).add(b)
        self.forbidden.setdefault(rb, set()).add(a)

    def union(self, a: int, b: int, *, manual: bool = False) -> bool:
        """Join the clusters of a and b; False (and nothing joined) if it breaks a separation or
        joins two different national codes (a person's ``manual`` link may do the latter: the
        officer saw that one code was recorded wrongly)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        fa, fb = self.forbidden.get(ra), self.forbidden.get(rb)
        if fa and any(self.find(x) == rb for x in fa):
            return False
        if fb and any(self.find(x) == ra for x in fb):
            return False
        ca, cb = self.code.get(ra), self.code.get(rb)
        if ca is not None and cb is not None and ca != cb and not manual:
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb, fa, fb, ca, cb = rb, ra, fb, fa, cb, ca
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        if cb is not None:
            if ca is None:
                self.code[ra] = cb
            del self.code[rb]
        if fb:
            self.forbidden.setdefault(ra, set()).update(fb)
            del self.forbidden[rb]
        return True

    def separated(self, a: int, b: int) -> bool:
        """Whether the clusters of a and b are kept apart by a person's decision."""
        ra, rb = self.find(a), self.find(b)
        fa, fb = self.forbidden.get(ra), self.forbidden.get(rb)
        return bool(fa and any(self.find(x) == rb for x in fa)) or bool(
            fb and any(self.find(x) == ra for x in fb)
        )

    def roots(self) -> list[int]:
        """Every record's root, by pointer jumping over whole lists (a few passes, each a
        list comprehension) instead of a ``find`` call per record."""
        parent = self.parent
        while True:
            jumped = [parent[p] for p in parent]
            if jumped == parent:
                break
            parent = jumped
        self.parent = parent
        return list(parent)

    def join_groups(self, groups: Iterable[list[int]]) -> None:
        """Make each group (of singletons) one cluster: how previous clusters come back."""
        for members in groups:
            head = members[0]
            for i in members[1:]:
                self.parent[i] = head
            self.size[head] = len(members)
            codes = {self.code.pop(i) for i in members if i in self.code}
            if codes:
                self.code[head] = min(codes)

    def groups(self, indexes: Iterable[int]) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in indexes:
            out.setdefault(self.find(i), []).append(i)
        return out
