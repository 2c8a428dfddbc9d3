package io.gatehouse.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** A terminal that answers prompts from a script and remembers what it was asked. */
final class FakeTerminal implements Terminal {
  private final Deque<String> answers;
  private final List<String> prompts = new ArrayList<>();

  FakeTerminal(String... answers) {
    this.answers = new ArrayDeque<>(List.of(answers));
  }

  @Override
  public Optional<char[]> readSecret(String prompt) {
    prompts.add(prompt);
    String answer = answers.poll();
    return answer == null ? Optional.empty() : Optional.of(answer.toCharArray());
  }

  List<String> prompts() {
    return prompts;
  }
}
