package io.gatehouse.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a TCP port, 0 to 65535 (0: any free port). */
final class PortConverter implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    int port;
    try {
      port = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw notAPort(value);
    }
    if (port < 0 || port > 65_535) {
      throw notAPort(value);
    }
    return port;
  }

  private static TypeConversionException notAPort(String value) {
    return new TypeConversionException("'" + value + "' is not a port number (0 to 65535)");
  }
}
