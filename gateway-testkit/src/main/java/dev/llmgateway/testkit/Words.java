package dev.llmgateway.testkit;

import java.util.ArrayList;
import java.util.List;

/** Deterministic word counting and text splitting, the fake server's stand-in for a tokenizer. */
final class Words {
  private Words() {}

  /** Returns the number of maximal runs of non-whitespace characters in {@code text}. */
  static int count(CharSequence text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean whitespace = Character.isWhitespace(text.charAt(i));
      if (!whitespace && !inWord) {
        words++;
      }
      inWord = !whitespace;
    }
    return words;
  }

  /**
   * Splits {@code text} into pieces whose concatenation is {@code text}: pieces of {@code
   * charsPerPiece} characters (never splitting a surrogate pair), or, when {@code charsPerPiece} is
   * 0, word by word with the whitespace before a word attached to it ({@code "Hi there"} becomes
   * {@code "Hi"}, {@code " there"}), the way tokenizers usually split.
   */
  static List<String> split(String text, int charsPerPiece) {
    List<String> pieces = new ArrayList<>();
    if (text.isEmpty()) {
      return pieces;
    }
    if (charsPerPiece > 0) {
      int start = 0;
      while (start < text.length()) {
        int end = Math.min(text.length(), start + charsPerPiece);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
          end++;
        }
        pieces.add(text.substring(start, end));
        start = end;
      }
      return pieces;
    }
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
        pieces.add(text.substring(start, i));
        start = i;
      }
    }
    pieces.add(text.substring(start));
    return pieces;
  }
}
