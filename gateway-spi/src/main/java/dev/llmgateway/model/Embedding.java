package dev.llmgateway.model;

import java.util.Arrays;

/**
 * One embedding vector. The array is copied in; {@link #vector()} returns the stored array without
 * copying for speed, so callers must not modify it.
 *
 * @param index the position of the input text this vector belongs to
 * @param vector the vector
 */
public record Embedding(int index, float[] vector) {
  /**
   * Validates and copies the vector.
   *
   * @param index the position of the input text this vector belongs to
   * @param vector the vector
   * @throws IllegalArgumentException if the index is negative or the vector null
   */
  public Embedding {
    if (index < 0 || vector == null) {
      throw new IllegalArgumentException("index must be >= 0 and vector non-null");
    }
    vector = vector.clone();
  }

  /**
   * The number of dimensions.
   *
   * @return the vector length
   */
  public int dimensions() {
    return vector.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e && e.index == index && Arrays.equals(e.vector, vector);
  }

  @Override
  public int hashCode() {
    return 31 * index + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "Embedding[index=" + index + ", dimensions=" + vector.length + "]";
  }
}
