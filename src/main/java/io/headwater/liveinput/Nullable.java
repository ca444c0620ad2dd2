package io.headwater.liveinput;

import io.headwater.CborSerializable;

/**
 * A value a request named explicitly, possibly as JSON null: the difference between "leave unchanged"
 * (no {@code Nullable} at all) and "clear it" ({@code Nullable.NULL}) in partial updates.
 */
public record Nullable<T>(T value) implements CborSerializable {
  @SuppressWarnings("rawtypes")
  public static final Nullable NULL = new Nullable<>(null);

  @SuppressWarnings("unchecked")
  public static <T> Nullable<T> ofNullable(T value) {
    return value == null ? (Nullable<T>) NULL : new Nullable<>(value);
  }

  public T orElseNull() {
    return value;
  }
}
