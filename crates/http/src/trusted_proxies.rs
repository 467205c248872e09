//! The reverse proxies whose `X-Forwarded-For` is believed (`server.trusted_proxies`). Behind nginx every
//! connection comes from nginx; the client is the address nginx says it forwarded for. Anyone can write that
//! header, so it is read only from a trusted proxy's connection, right to left, up to the first address that is
//! not itself a trusted proxy: that address is the client.

use std::net::IpAddr;

#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Comma-separated addresses or CIDR ranges (`127.0.0.1, 10.0.0.0/8, fd00::/8`); empty trusts none.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut ranges = Vec::new();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let bad = || {
                format!(
                    "server.trusted_proxies: ongeldig adres '{item}': verwacht een IP-adres of een bereik zoals 10.0.0.0/8"
                )
            };
            let (address, bits) = match item.split_once('/') {
                Some((a, b)) => (a, Some(b.parse::<u8>().map_err(|_| bad())?)),
                None => (item, None),
            };
            let ip: IpAddr = address.parse().map_err(|_| bad())?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits = bits.unwrap_or(max);
            if bits > max {
                return Err(bad());
            }
            // An IPv4 address written as IPv6 (::ffff:a.b.c.d) is kept as the IPv4 range it names.
            let (ip, bits) = match (ip, canonical(ip)) {
                (IpAddr::V6(_), IpAddr::V4(v4)) if bits >= 96 => (IpAddr::V4(v4), bits - 96),
                (IpAddr::V6(_), IpAddr::V4(_)) => return Err(bad()),
                _ => (ip, bits),
            };
            ranges.push((ip, bits));
        }
        Ok(Self(ranges))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0
            .iter()
            .any(|&(range, bits)| match (canonical(range), ip) {
                (IpAddr::V4(r), IpAddr::V4(a)) => {
                    prefix(u128::from(u32::from(r)), u128::from(u32::from(a)), bits, 32)
                }
                (IpAddr::V6(r), IpAddr::V6(a)) => prefix(u128::from(r), u128::from(a), bits, 128),
                _ => false,
            })
    }

    /// The client of a connection from `peer` that carried these `X-Forwarded-For` values.
    pub fn client<'a>(&self, peer: IpAddr, forwarded: impl Iterator<Item = &'a str>) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Ok(ip) = hop.parse::<IpAddr>() else {
                return client;
            };
            client = ip;
            if !self.trusts(ip) {
                return ip;
            }
        }
        client
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn prefix(range: u128, address: u128, bits: u8, width: u8) -> bool {
    if bits == 0 {
        return true;
    }
    let shift = u32::from(width - bits);
    (range >> shift) == (address >> shift)
}

#[cfg(test)]
mod tests {
    use super::TrustedProxies;

    fn client(trusted: &str, peer: &str, forwarded: &[&str]) -> String {
        TrustedProxies::parse(trusted)
            .expect("valid")
            .client(peer.parse().expect("ip"), forwarded.iter().copied())
            .to_string()
    }

    #[test]
    fn the_client_is_the_first_untrusted_address_from_the_right() {
        // No proxy trusted: the header is anyone's writing.
        assert_eq!(client("", "203.0.113.9", &["198.51.100.1"]), "203.0.113.9");
        // nginx on this host forwards for the client.
        assert_eq!(
            client("127.0.0.1", "127.0.0.1", &["198.51.100.7"]),
            "198.51.100.7"
        );
        // A client that writes its own header cannot choose its address: the proxy appended the real one.
        assert_eq!(
            client(
                "127.0.0.1, 10.0.0.0/8",
                "127.0.0.1",
                &["6.6.6.6, 198.51.100.7", "10.1.2.3"]
            ),
            "198.51.100.7"
        );
        // A connection from elsewhere is its own client whatever it says.
        assert_eq!(
            client("127.0.0.1", "203.0.113.9", &["127.0.0.1"]),
            "203.0.113.9"
        );
        // Garbage in the header stops the walk at the last address known.
        assert_eq!(client("127.0.0.1", "127.0.0.1", &["nonsense"]), "127.0.0.1");
        assert_eq!(
            client("::1, fd00::/8", "::1", &["fd00::5, 2001:db8::1"]),
            "2001:db8::1"
        );
    }

    #[test]
    fn a_bad_entry_is_named() {
        let e = TrustedProxies::parse("127.0.0.1, nginx").expect_err("bad");
        assert!(e.contains("ongeldig adres 'nginx'"), "{e}");
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("::ffff:10.0.0.0/64").is_err());
    }
}
