"""The cache of loaded data folders (:func:`nplv_analysis.data.loading.dataset`): keyed by the
content of every file under the folder, so that any change anywhere in it is read again, and
two folders with the same files share one key."""

import shutil

import pytest

from nplv_analysis.data.loading import DataError, content_key, dataset


def test_same_files_same_key_and_any_change_a_new_one(data_copy, tmp_path):
    first = content_key(data_copy)
    twin = tmp_path / "twin"
    shutil.copytree(data_copy, twin)
    assert content_key(twin) == first

    note = data_copy / "sources" / "nested" / "deeper" / "note.txt"
    note.parent.mkdir(parents=True)
    note.write_text("een regel", encoding="utf-8")  # a new file two folders down
    added = content_key(data_copy)
    assert added != first

    note.write_text("twee regels", encoding="utf-8")
    assert content_key(data_copy) not in (first, added)

    note.unlink()
    assert content_key(data_copy) == first  # back to the same files: the same key


def test_dataset_follows_an_edit_of_an_area_file(data_copy):
    before = dataset(data_copy)
    area = data_copy / "agreements" / "heerlen-noord.yaml"
    area.write_text(area.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = dataset(data_copy)
    assert after is not before
    assert dataset(data_copy) is after  # nothing changed since: the cached one


def test_a_linked_folder_is_refused_not_walked_into(data_copy):
    """A symbolic link to a folder (here one that loops back up) is not followed: the folder is
    refused, naming the link (issue 27: what is hashed must be what is read)."""
    content_key(data_copy)
    (data_copy / "sources" / "up").symlink_to(data_copy, target_is_directory=True)
    for key_or_load in (content_key, dataset):
        with pytest.raises(DataError) as info:
            key_or_load(data_copy)
        assert [p.file for p in info.value.problems] == [str(data_copy / "sources" / "up")]
