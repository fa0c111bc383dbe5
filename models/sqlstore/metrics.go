package sqlstore

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// PoolCollectors report the statistics of the writer's and the readers'
// connection pools (connections open and in use, waits for one) to
// Prometheus, labelled writer and reader, without handing the pools out.
func (s *Store) PoolCollectors() []prometheus.Collector {
	writer, reader := s.pools()
	return []prometheus.Collector{collectors.NewDBStatsCollector(writer, "writer"), collectors.NewDBStatsCollector(reader, "reader")}
}
