package dev.javabgp.cli.control;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.rib.Route;
import java.util.ArrayList;
import java.util.List;

/** A table of routes as a router shows it: prefix, next hop, AS path, communities. */
public final class RouteTable {

    private RouteTable() {}

    /** One row per route, in the order given. */
    public static String of(List<Route> routes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PREFIX", "NEXT HOP", "AS PATH", "COMMUNITIES"});
        for (Route r : routes) {
            PathAttributes a = r.attributes();
            java.net.InetAddress nextHop = a.nextHopAddress();
            rows.add(new String[] {r.prefix().toString(), nextHop == null ? "-" : io.netty.util.NetUtil.toAddressString(nextHop),
                asPath(a.asPath()), communities(a)});
        }
        StringBuilder sb = new StringBuilder();
        StatusReport.table(rows, sb);
        return sb.toString();
    }

    static String asPath(AsPath path) {
        if (path == null || path.segments().isEmpty()) {
            return "(local)";
        }
        return String.join(" ", path.segments().stream().map(Object::toString).toList());
    }

    /** Standard communities (RFC 1997) as {@code aa:nn}, then large ones (RFC 8092) as {@code a:b:c}. */
    static String communities(PathAttributes a) {
        List<String> out = new ArrayList<>();
        Communities c = a.communities();
        if (c != null) {
            for (int v : c.values()) {
                out.add((v >>> 16) + ":" + (v & 0xFFFF));
            }
        }
        LargeCommunities l = a.largeCommunities();
        if (l != null) {
            for (int i = 0; i < l.size(); i++) {
                out.add(l.globalAdministrator(i) + ":" + l.localData1(i) + ":" + l.localData2(i));
            }
        }
        return out.isEmpty() ? "-" : String.join(" ", out);
    }
}
