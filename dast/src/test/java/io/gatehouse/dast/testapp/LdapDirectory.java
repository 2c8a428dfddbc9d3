package io.gatehouse.dast.testapp;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

/**
 * A real LDAP directory for the test target: an UnboundID in-memory directory server on a loopback
 * port, with people and a device under {@code dc=shop,dc=test}, searched through JNDI as a Java web
 * application does. A vulnerable page concatenates input into the filter; its safe twin passes the
 * input as a filter argument, which JNDI escapes (RFC 4515).
 */
final class LdapDirectory implements AutoCloseable {
  private static final String BASE = "dc=shop,dc=test";
  private static final String[] ATTRIBUTES = {"cn", "mail"};

  private final InMemoryDirectoryServer server;

  private LdapDirectory(InMemoryDirectoryServer server) {
    this.server = server;
  }

  /** Starts the directory with its entries on a free loopback port. */
  static LdapDirectory start() throws IOException {
    try {
      return new LdapDirectory(started());
    } catch (LDAPException | LDIFException e) {
      throw new IOException("the directory cannot be started", e);
    }
  }

  private static InMemoryDirectoryServer started() throws LDAPException, LDIFException {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig(
            "loopback", InetAddress.getLoopbackAddress(), 0, null));
    InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
    server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: shop");
    server.add(
        "dn: ou=people," + BASE,
        "objectClass: top",
        "objectClass: organizationalUnit",
        "ou: people");
    person(server, "alice", "Alice Archer", "Archer");
    person(server, "bob", "Bob Baker", "Baker");
    server.add(
        "dn: uid=printer," + BASE,
        "objectClass: top",
        "objectClass: device",
        "objectClass: uidObject",
        "cn: Printer",
        "uid: printer");
    server.startListening();
    return server;
  }

  private static void person(InMemoryDirectoryServer server, String uid, String cn, String sn)
      throws LDAPException, LDIFException {
    server.add(
        "dn: uid=" + uid + ",ou=people," + BASE,
        "objectClass: top",
        "objectClass: person",
        "objectClass: organizationalPerson",
        "objectClass: inetOrgPerson",
        "uid: " + uid,
        "cn: " + cn,
        "sn: " + sn,
        "mail: " + uid + "@shop.test");
  }

  /**
   * The entries (their {@code cn} and {@code mail}) matching {@code filter}, a JNDI filter
   * expression whose {@code {0}} is replaced by the first of {@code arguments}, escaped, when there
   * is one.
   */
  // JNDI as Java web applications use it; attributes only (no objects returned, so nothing is
  // deserialized), from the test's own directory on loopback
  @SuppressWarnings({"BanJNDI", "JdkObsolete"}) // InitialDirContext takes a Hashtable
  List<Map<String, String>> search(String filter, Object... arguments) throws NamingException {
    Hashtable<String, String> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
    env.put(Context.PROVIDER_URL, "ldap://127.0.0.1:" + server.getListenPort() + "/");
    env.put("com.sun.jndi.ldap.connect.pool", "true");
    env.put("com.sun.jndi.ldap.connect.timeout", "2000");
    env.put("com.sun.jndi.ldap.read.timeout", "5000");
    DirContext context = new InitialDirContext(env);
    try {
      SearchControls controls = new SearchControls();
      controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
      controls.setReturningAttributes(ATTRIBUTES.clone());
      controls.setCountLimit(50);
      controls.setReturningObjFlag(false);
      NamingEnumeration<SearchResult> results =
          arguments.length == 0
              ? context.search(BASE, filter, controls)
              : context.search(BASE, filter, arguments, controls);
      List<Map<String, String>> found = new ArrayList<>();
      try {
        while (results.hasMore()) {
          found.add(values(results.next()));
        }
      } finally {
        results.close();
      }
      return found;
    } finally {
      context.close();
    }
  }

  private static Map<String, String> values(SearchResult result) throws NamingException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : ATTRIBUTES) {
      Attribute attribute = result.getAttributes().get(name);
      values.put(name, attribute == null ? "" : String.valueOf(attribute.get()));
    }
    return values;
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}
