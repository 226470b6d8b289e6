package dev.ww.datastore;

import java.util.List;
import java.util.Optional;

/**
 * What a unit of work can do inside one transaction. Everything it does commits together or
 * not at all. The work may be run more than once (when another writer got in first it is
 * retried on fresh data), so it must do nothing but read and write through this interface.
 */
public interface Transaction {

  List<StoredObject> find(Query query);

  Optional<StoredObject> get(String type, String name);

  Optional<StoredObject> byId(long id);

  /**
   * The objects a query names; every non-wildcard pattern must match and a wildcard must match
   * something, else a {@link dev.ww.core.UserException} says which.
   */
  List<StoredObject> require(Query query);

  /** Creates an object; its {@code NAME} must be unique within its type. */
  StoredObject create(String type, Attributes attributes);

  /** Replaces an object's attributes; {@code current} must be as read in this transaction. */
  StoredObject update(StoredObject current, Attributes attributes);

  void delete(StoredObject current);
}
