package dev.ww.datastore;

/** A unit of work run by {@link Datastore#write}. */
@FunctionalInterface
public interface TransactionWork<T> {
  T run(Transaction transaction);
}
