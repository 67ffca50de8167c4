"""A short, bounded round of the soak (soak.py): 200+ concurrent connections of producers and consumer groups that
join and leave, a slow consumer, then every acknowledged record read back. `make soak` runs the long version."""
import json

from soak import soak


def test_load_with_churning_groups_loses_nothing_and_a_slow_consumer_stalls_no_one(herald_bin, tmp_path):
    result, failures = soak(herald_bin, tmp_path, seconds=25, producers=100, main_consumers=40, other_consumers=20)
    print(json.dumps(result, sort_keys=True))
    assert failures == [], result
    assert result["records_lost"] == 0 and result["records_acknowledged"] > 1_000
