"""Reactions: one per person per kind on a target, counters moved in the same transaction.

`TARGET#<id>` / `U#<person>` holds the set of kinds the person gave; the
target's META holds one counter per kind. Adding puts the kind in the set
only if it is not there (and adds one to the counter), removing takes it out
only if it is there (and subtracts one): a repeated or concurrent toggle can
never count twice or drift.
"""

from chalicelib import events, keys, limits, notifications, store, targets
from chalicelib.errors import NotFound, ValidationFailed


def check_kind(kind: str) -> str:
    if kind not in targets.REACTION_KINDS:
        raise ValidationFailed(f"kind: must be one of {', '.join(targets.REACTION_KINDS)}", field="kind", code="invalid_kind")
    return kind


def set_reaction(caller: dict, target_id: str, kind: str, given: bool) -> dict:
    """Give (or take back) a reaction; doing it twice is the same as once. Raises NotFound."""
    target_id, kind = targets.check_target_id(target_id), check_kind(kind)
    mine_key = keys.my_reactions(target_id, caller["id"])
    if given:
        index = keys.reactions_index(caller["id"], target_id)
        mine = store.update_action(mine_key, "ADD #kinds :kind SET #gpk = :gpk, #gsk = :gsk",
                                   {"#kinds": "kinds", "#gpk": "GSI1PK", "#gsk": "GSI1SK"},
                                   {":kind": {kind}, ":k": kind, ":gpk": index["GSI1PK"], ":gsk": index["GSI1SK"]},
                                   condition="attribute_not_exists(#kinds) OR NOT contains(#kinds, :k)")
    else:
        mine = store.update_action(mine_key, "DELETE #kinds :kind", {"#kinds": "kinds"}, {":kind": {kind}, ":k": kind},
                                   condition="contains(#kinds, :k)")
    def counter(private_group: str | None) -> dict:
        group_condition = "#pg = :pg" if private_group else "attribute_not_exists(#pg)"
        return store.update_action(
            keys.target(target_id),
            "ADD #count :step",
            {"#count": targets.reaction_counter(kind), "#pub": "published", "#del": "deleted", "#pg": "privateGroup"},
            {":step": 1 if given else -1, ":no": False, ":yes": True, **({":pg": private_group} if private_group else {})},
            condition="attribute_exists(PK) AND (attribute_not_exists(#pub) OR #pub = :yes) "
                      f"AND (attribute_not_exists(#del) OR #del = :no) AND {group_condition}",
        )

    # Most targets are public: one transaction. One in a closed or secret group
    # is read first and the membership is checked inside the transaction.
    actions = [mine, counter(None), limits.budget_action(caller["id"], "reaction")]
    for attempt in (1, 2):
        try:
            store.transact(actions)
            break
        except store.Cancelled as cancelled:
            if cancelled.failed(2):
                raise limits.refused()
            if cancelled.failed(1) or (len(cancelled.reasons) > 3 and cancelled.failed(3)):
                meta = store.get(keys.target(target_id))
                if attempt == 2 or not meta or not meta.get("privateGroup") or not targets.visible(caller, meta):
                    raise NotFound()
                actions = [mine, counter(meta["privateGroup"]), actions[2], targets.membership_check(meta, caller)]
                continue
            break  # only the person's own condition failed: it was already so
    if not given:
        # An empty set leaves no trace: drop the person's item once no kind is left.
        _drop_if_empty(mine_key)
    if given or events.sender() is not None:
        meta = store.get(keys.target(target_id)) or {}
        thread = meta.get("threadId") if meta.get("kind") == "comment" else target_id
        if given and meta.get("authorId"):
            private = meta.get("privateGroup")
            notifications.notify(caller, [meta["authorId"]], "reaction", target_id,
                                 {"thread": thread, **({"group": private, "private": True} if private else {})})
        events.publish(f"thread:{thread}", "reaction.changed", {
            "target": target_id, "reactions": targets.counts_of(meta)["reactions"],
            "person": caller["id"], "kind": kind, "given": given})
    return {"targetId": target_id, "kind": kind, "given": given}


def take_back_all(item: dict) -> None:
    """Take back every kind in one person's reactions item (erasure): the item goes and each counter
    drops by one, in one transaction; a target already gone leaves only the item to delete."""
    key, kinds = {"PK": item["PK"], "SK": item["SK"]}, sorted(item.get("kinds") or [])
    if not kinds:
        store.delete(key)
        return
    mine = store.delete_action(key, condition="attribute_exists(PK)")
    counter = store.update_action(keys.target(item["GSI1SK"]), "ADD " + ", ".join(f"#k{n} :minus" for n in range(len(kinds))),
                                  {f"#k{n}": targets.reaction_counter(kind) for n, kind in enumerate(kinds)}, {":minus": -1},
                                  condition="attribute_exists(PK)")
    try:
        store.transact([mine, counter])
    except store.Cancelled as cancelled:
        if cancelled.failed(1) and not cancelled.failed(0):
            store.delete(key)


def _drop_if_empty(key: dict) -> None:
    store.take(key, condition="attribute_not_exists(#kinds)", names={"#kinds": "kinds"})


def mine_of(item: dict | None) -> list[str]:
    kinds = (item or {}).get("kinds") or set()
    return [kind for kind in targets.REACTION_KINDS if kind in kinds]
